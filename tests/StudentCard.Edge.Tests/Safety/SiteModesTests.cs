using StudentCard.Tests.Shared;
using System.Text;
using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Edge.Link;
using StudentCard.Edge.Safety;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Tests.Reader;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Safety;

public sealed class SiteModesTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 10, 5, 9, 30, 0, TimeSpan.Zero);
    private static readonly string Guard = new('a', 32);
    private static readonly string Nurse = new('b', 32);

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-sitemodes-").FullName;
    private readonly CapturingLogger<SiteModes> _log = new();
    private readonly CapturingLogger<CommandVerifier> _refusals = new();
    private readonly CentralCommandKey _central = new();
    private readonly FakeTimeProvider _clock = new(At);
    private CommandVerifier _verifier = null!;

    public void Dispose()
    {
        _central.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private SiteModes Start(string type = "gate", string? site = "north")
    {
        var edge = new EdgeOptions
        {
            ReaderId = "gate-1",
            ReaderType = type,
            ReaderSecret = "secret",
            Site = site,
            DataDirectory = _directory,
        };
        _verifier = _central.PinnedVerifier(edge, _clock, _refusals);
        return new SiteModes(Options.Create(edge), _verifier, _log);
    }

    private static byte[] Payload(string site, string mode, long sequence, params string[] overrides) =>
        MessageJson.Serialize(new SiteModeMessage(site, mode, overrides, sequence, At));

    private byte[] Signed(string site, string mode, long sequence, params string[] overrides) =>
        _central.Sign(MqttTopics.SiteMode(site), Payload(site, mode, sequence, overrides), _clock.GetUtcNow());

    private void Send(SiteModes modes, string site, string mode, long sequence, params string[] overrides) =>
        modes.Receive(MqttTopics.SiteMode(site), Signed(site, mode, sequence, overrides));

    [Fact]
    public void A_gate_reader_subscribes_to_every_sites_mode_and_other_purposes_to_nothing()
    {
        Assert.Equal([MqttTopics.AllSiteModes], Start().TopicFilters);
        Assert.Empty(Start(type: "bus").TopicFilters);
        Assert.Empty(Start(type: "library").TopicFilters);
    }

    [Fact]
    public void A_lockdown_for_the_readers_site_becomes_current_with_its_override_list()
    {
        var modes = Start();
        Assert.Null(modes.Current);

        Send(modes, "north", "lockdown", 7, Guard, Nurse);

        var current = Assert.IsType<SiteMode>(modes.Current);
        Assert.Equal(("north", SafetyMode.Lockdown, 7L, At), (current.Site, current.Mode, current.Sequence, current.Since));
        Assert.True(current.Override.SetEquals([Guard, Nurse]));
    }

    [Fact]
    public void Another_sites_mode_is_held_for_that_site_and_does_not_change_the_current_one()
    {
        var modes = Start();

        Send(modes, "south", "evacuation", 3);

        Assert.Null(modes.Current);
        Assert.Equal(SafetyMode.Evacuation, modes.Of("south")?.Mode);
        Assert.False(File.Exists(Path.Combine(_directory, SiteModeFile.FileName)));
    }

    [Fact]
    public void An_older_or_repeated_command_never_replaces_a_newer_one()
    {
        var modes = Start();
        Send(modes, "north", "lockdown", 10);

        Send(modes, "north", "normal", 9);
        Send(modes, "north", "evacuation", 10);

        Assert.Equal((SafetyMode.Lockdown, 10L), (modes.Current!.Mode, modes.Current.Sequence));
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning Ignored an older", StringComparison.Ordinal));

        Send(modes, "north", "normal", 11);

        Assert.Equal((SafetyMode.Normal, 11L), (modes.Current!.Mode, modes.Current.Sequence));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("""{"site":"north","mode":"party","override":[],"sequence":5,"issuedAt":"2026-10-05T09:30:00+00:00"}""")]
    [InlineData("""{"site":"north","mode":"lockdown","override":["S-0001"],"sequence":5,"issuedAt":"2026-10-05T09:30:00+00:00"}""")]
    [InlineData("""{"site":"north","mode":"lockdown","override":[],"sequence":0,"issuedAt":"2026-10-05T09:30:00+00:00"}""")]
    [InlineData("""{"site":"North!","mode":"lockdown","override":[],"sequence":5,"issuedAt":"2026-10-05T09:30:00+00:00"}""")]
    [InlineData("""{"site":"south","mode":"evacuation","override":[],"sequence":50,"issuedAt":"2026-10-05T09:30:00+00:00"}""")]
    public void A_malformed_message_or_one_on_another_sites_topic_is_logged_and_ignored(string payload)
    {
        var modes = Start();
        Send(modes, "north", "lockdown", 4, Guard);

        modes.Receive(MqttTopics.SiteMode("north"), _central.Sign(MqttTopics.SiteMode("north"), Encoding.UTF8.GetBytes(payload), At));

        Assert.Equal((SafetyMode.Lockdown, 4L), (modes.Current!.Mode, modes.Current.Sequence));
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning Ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void A_restarted_reader_starts_in_the_mode_it_last_received_for_its_site()
    {
        var before = Start();
        Send(before, "north", "lockdown", 21, Guard);
        Send(before, "south", "evacuation", 22);

        var after = Start();

        var current = Assert.IsType<SiteMode>(after.Current);
        Assert.Equal((SafetyMode.Lockdown, 21L, At), (current.Mode, current.Sequence, current.Since));
        Assert.True(current.Override.SetEquals([Guard]));
        Send(after, "north", "lockdown", 21);
        Assert.True(after.Current!.Override.SetEquals([Guard]));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void A_lift_is_stored_too_so_a_restart_does_not_bring_the_lockdown_back()
    {
        var before = Start();
        Send(before, "north", "lockdown", 30);
        Send(before, "north", "normal", 31);

        Assert.Equal((SafetyMode.Normal, 31L), (Start().Current!.Mode, Start().Current!.Sequence));
    }

    [Fact]
    public void A_damaged_or_foreign_stored_copy_is_logged_and_the_reader_waits_for_centrals_mode()
    {
        var path = Path.Combine(_directory, SiteModeFile.FileName);
        File.WriteAllText(path, "{\"site\":\"north\",\"mode\":\"lockd");
        Assert.Null(Start().Current);
        Assert.Contains(_log.Lines, l => l.StartsWith("Error Could not read the stored site mode", StringComparison.Ordinal));

        File.WriteAllBytes(path, Payload("south", "lockdown", 5));
        Assert.Null(Start().Current);
        Assert.Null(Start(site: "north").Of("south"));
    }

    [Fact]
    public void Logs_name_the_site_mode_and_sequence_but_never_a_pseudonym()
    {
        var modes = Start();

        Send(modes, "north", "lockdown", 40, Guard, Nurse);
        Send(modes, "north", "lockdown", 39, Guard);
        _ = Start();

        Assert.Contains(_log.Lines, l => l.Contains("north", StringComparison.Ordinal) && l.Contains("Lockdown", StringComparison.Ordinal) && l.Contains("40", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains(Guard, StringComparison.Ordinal) || l.Contains(Nurse, StringComparison.Ordinal));
    }

    [Fact]
    public void Unsigned_foreign_tampered_misdirected_future_dated_and_implausible_commands_change_nothing_and_are_counted()
    {
        var modes = Start();
        Send(modes, "north", "lockdown", 10, Guard);
        var north = MqttTopics.SiteMode("north");
        using var attacker = new CentralCommandKey();
        var genuine = MessageJson.Deserialize<SignedCommand>(Signed("north", "normal", 11));
        byte[][] forged =
        [
            Payload("north", "evacuation", long.MaxValue),
            attacker.Sign(north, Payload("north", "evacuation", long.MaxValue), At),
            MessageJson.Serialize(genuine with { Payload = Payload("north", "evacuation", 11) }),
            _central.Sign(MqttTopics.SiteMode("south"), Payload("north", "evacuation", 11), At),
            _central.Sign(north, Payload("north", "evacuation", 11), At + CommandSignature.MaxClockSkew + TimeSpan.FromSeconds(1)),
            _central.Sign(north, Payload("north", "evacuation", At.ToUnixTimeMilliseconds() + (long)CommandSignature.MaxSequenceLead.TotalMilliseconds + 1), At),
        ];

        foreach (var payload in forged)
        {
            modes.Receive(north, payload);
        }

        Assert.Equal((SafetyMode.Lockdown, 10L), (modes.Current!.Mode, modes.Current.Sequence));
        Assert.Equal(forged.Length, _verifier.Refused);
        Assert.Equal(5, _refusals.Lines.Count(l => l.StartsWith("Warning Refused a command on studentcard/v1/gate/sitemodes/north", StringComparison.Ordinal)));
        Assert.Contains(_log.Lines, l => l.StartsWith("Warning Ignored a Evacuation for site north with an implausible sequence", StringComparison.Ordinal));
        Send(modes, "north", "normal", 11);
        Assert.Equal((SafetyMode.Normal, 11L), (modes.Current!.Mode, modes.Current.Sequence));
        Assert.DoesNotContain(_log.Lines.Concat(_refusals.Lines), l => l.Contains(Guard, StringComparison.Ordinal));
    }

    [Fact]
    public void A_replayed_earlier_command_is_refused_and_counted_and_the_current_one_repeated_is_not()
    {
        var modes = Start();
        var north = MqttTopics.SiteMode("north");
        var lockdown = Signed("north", "lockdown", 20, Guard);
        modes.Receive(north, lockdown);
        Send(modes, "north", "normal", 21);

        modes.Receive(north, lockdown);

        Assert.Equal((SafetyMode.Normal, 21L), (modes.Current!.Mode, modes.Current.Sequence));
        Assert.Equal(1, _verifier.Refused);
        Send(modes, "north", "normal", 21);
        Assert.Equal(1, _verifier.Refused);
    }

    [Fact]
    public void A_reader_back_after_a_week_takes_the_retained_mode_signed_a_week_before_when_it_is_newer_than_the_one_it_holds()
    {
        var modes = Start();
        Send(modes, "north", "normal", 30);
        var lockdown = Signed("north", "lockdown", 31);

        _clock.Advance(TimeSpan.FromDays(7));
        modes.Receive(MqttTopics.SiteMode("north"), lockdown);

        Assert.Equal((SafetyMode.Lockdown, 31L), (modes.Current!.Mode, modes.Current.Sequence));
        Assert.Equal(0, _verifier.Refused);
    }

    [Fact]
    public void The_stored_copy_is_centrals_signed_message_and_one_altered_on_disk_is_refused_at_the_restart()
    {
        var before = Start();
        Send(before, "north", "lockdown", 50, Guard);
        var path = Path.Combine(_directory, SiteModeFile.FileName);
        var stored = MessageJson.Deserialize<SignedCommand>(File.ReadAllBytes(path));
        Assert.Equal(MqttTopics.SiteMode("north"), stored.Topic);

        File.WriteAllBytes(path, MessageJson.Serialize(stored with { Payload = Payload("north", "evacuation", 50) }));
        var after = Start();

        Assert.Null(after.Current);
        Assert.Contains(_log.Lines, l => l.StartsWith("Error Could not read the stored site mode", StringComparison.Ordinal));
        Assert.Equal(1, _verifier.Refused);
    }
}
