using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Taps;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Taps;

public sealed class ZoneRelayTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 10, 5, 9, 30, 0, TimeSpan.Zero);
    private static readonly string Pupil = new('c', 32);
    private static readonly string Topic = MqttTopics.ZonePassages("north", "main");

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-zonerelay-").FullName;
    private readonly CentralCommandKey _central = new();
    private readonly FakeTimeProvider _clock = new(Now);

    public void Dispose()
    {
        _central.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private (ZoneRelay Relay, ZoneMemory Memory, Edge.Link.CommandVerifier Verifier) Start()
    {
        var edge = new EdgeOptions { ReaderId = "gate-1", ReaderType = "gate", ReaderSecret = "secret", Site = "north", Zone = "main", DataDirectory = _directory };
        var memory = new ZoneMemory(_clock);
        var verifier = _central.PinnedVerifier(edge, _clock);
        return (new ZoneRelay(memory, verifier, _clock, Options.Create(edge), NullLogger<ZoneRelay>.Instance), memory, verifier);
    }

    private static byte[] Relay(DateTimeOffset at) => MessageJson.Serialize(new ZonePassages([new ZonePassage(Pupil, "in", at)]));

    [Fact]
    public void A_relay_central_signed_for_this_zone_is_remembered()
    {
        var (relay, memory, verifier) = Start();

        relay.Receive(Topic, _central.Sign(Topic, Relay(Now), Now));

        Assert.Equal(Now, memory.Last(Pupil)?.At);
        Assert.Equal(0, verifier.Refused);
    }

    [Fact]
    public void An_unsigned_a_foreign_zones_and_a_stale_relay_add_nothing_and_are_counted()
    {
        var (relay, memory, verifier) = Start();
        var old = Now - ZoneMemory.Horizon - TimeSpan.FromMinutes(1);

        relay.Receive(Topic, Relay(Now));
        relay.Receive(Topic, _central.Sign(MqttTopics.ZonePassages("west", "annex"), Relay(Now), Now));
        relay.Receive(Topic, _central.Sign(Topic, Relay(Now), old));

        Assert.Null(memory.Last(Pupil));
        Assert.Equal(3, verifier.Refused);
    }
}
