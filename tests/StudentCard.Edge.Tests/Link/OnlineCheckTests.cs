using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Taps;
using Proto = StudentCard.Protos.V1;

namespace StudentCard.Edge.Tests.Link;

public sealed class OnlineCheckTests
{
    private static readonly string Pseudonym = new('a', 32);
    private static readonly ReaderPlace Bus = new(Core.ReaderType.Bus, Route: "R12");

    private static EdgeOptions Options(string centralUrl) => new()
    {
        ReaderId = "bus-1", ReaderType = "bus", ReaderSecret = "s", CentralUrl = centralUrl, OnlineCheck = true, OnlineCheckTimeoutMs = 150,
    };

    private static OnlineCheck RealCheck(string centralUrl, out CentralClient central)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(centralUrl));
        central = new CentralClient(options);
        return new OnlineCheck(central, options, NullLogger<OnlineCheck>.Instance);
    }

    [Fact]
    public async Task A_Central_that_accepts_the_connection_but_never_answers_leaves_the_local_decision()
    {
        // Accepts TCP and then says nothing: the HTTP/2 call can only end by its deadline.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptSocketAsync());
            }
        });
        var check = RealCheck($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", out var central);
        using (central)
        {
            Assert.Null(await check.AskAsync(Pseudonym, Bus, CancellationToken.None));
        }
        accepted.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task An_unreachable_Central_leaves_the_local_decision()
    {
        int closedPort;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var check = RealCheck($"http://127.0.0.1:{closedPort}", out var central);
        using (central)
        {
            Assert.Null(await check.AskAsync(Pseudonym, Bus, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Centrals_answer_in_time_is_its_entry_and_the_deadline_sent_is_the_configured_one()
    {
        var client = Substitute.For<Proto.ReaderLink.ReaderLinkClient>();
        var entry = new Proto.AllowListEntry
        {
            Pseudonym = Pseudonym,
            ValidFrom = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddYears(100)),
            Status = Proto.CardStatus.Lost,
            Places = "R12 R14",
        };
        client.CheckCardAsync(Arg.Any<Proto.CheckCardRequest>(), Arg.Any<CallOptions>())
            .Returns(new AsyncUnaryCall<Proto.CheckCardReply>(
                Task.FromResult(new Proto.CheckCardReply { Decision = Proto.Decision.Deny, Reason = Proto.ReasonCode.LostCard, Entry = entry, AllowListVersion = 9 }),
                Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { }));
        TimeSpan? asked = null;
        var check = new OnlineCheck(client, (ct, timeout) => { asked = timeout; return new CallOptions(cancellationToken: ct); },
            Microsoft.Extensions.Options.Options.Create(Options("http://127.0.0.1:1")), NullLogger<OnlineCheck>.Instance);

        var answer = await check.AskAsync(Pseudonym, Bus, CancellationToken.None);

        Assert.NotNull(answer);
        Assert.Equal(new AllowListEntry(Pseudonym, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100), CardStatus.Lost, "R12 R14"), answer.Entry);
        Assert.Equal(9, answer.AllowListVersion);
        Assert.Equal(TimeSpan.FromMilliseconds(150), asked);
        _ = client.Received(1).CheckCardAsync(Arg.Is<Proto.CheckCardRequest>(r => r.Pseudonym == Pseudonym && r.Route == "R12"), Arg.Any<CallOptions>());
    }

    [Fact]
    public async Task An_answer_whose_entry_has_no_status_is_no_answer_rather_than_an_active_card()
    {
        var client = Substitute.For<Proto.ReaderLink.ReaderLinkClient>();
        var entry = new Proto.AllowListEntry
        {
            Pseudonym = Pseudonym,
            ValidFrom = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddYears(100)),
        };
        client.CheckCardAsync(Arg.Any<Proto.CheckCardRequest>(), Arg.Any<CallOptions>())
            .Returns(new AsyncUnaryCall<Proto.CheckCardReply>(
                Task.FromResult(new Proto.CheckCardReply { Decision = Proto.Decision.Allow, Entry = entry, AllowListVersion = 9 }),
                Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { }));
        var check = new OnlineCheck(client, (ct, _) => new CallOptions(cancellationToken: ct),
            Microsoft.Extensions.Options.Options.Create(Options("http://127.0.0.1:1")), NullLogger<OnlineCheck>.Instance);

        Assert.Null(await check.AskAsync(Pseudonym, Bus, CancellationToken.None));
    }

    [Theory]
    [InlineData(151)]
    [InlineData(5)]
    public void A_timeout_above_150_ms_or_absurdly_short_is_refused_at_start(int timeoutMs)
    {
        var options = Options("http://127.0.0.1:5080");
        options.OnlineCheckTimeoutMs = timeoutMs;
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(EdgeOptions.OnlineCheckTimeoutMs)));
    }

    [Fact]
    public void The_online_check_is_off_unless_configured() => Assert.False(new EdgeOptions().OnlineCheck);
}
