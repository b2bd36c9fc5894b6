using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Keys;
using StudentCard.Central.Safety;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Tests.Shared;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Tests.Safety;

public sealed class SiteModeServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private SafetyCentral _central = null!;

    public async Task InitializeAsync()
    {
        _central = await SafetyCentral.StartAsync(_directory);
        await _central.EnrollAsync();
    }

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        _directory.Dispose();
    }

    private async Task<ReaderMqtt> GateReaderAsync(SafetyCentral central, string id = "gate-1")
    {
        var secret = await central.Services.GetRequiredService<Central.ReaderAccounts.ReaderRegistry>().RegisterAsync(id, ReaderType.Gate);
        var reader = await ReaderMqtt.ConnectAsync(central.Endpoints, id, secret);
        Assert.Equal(MQTTnet.MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(MqttTopics.AllSiteModes));
        return reader;
    }

    private SiteModeMessage Read(MQTTnet.MqttApplicationMessage message) => SignedCommands.Open<SiteModeMessage>(_central.Services, message);

    private string GatePseudonym(int pupil, int keyVersion) =>
        PseudonymDeriver.Pseudonym(Roster.Token(SafetyCentral.Pupils[pupil], _central.Keys), ReaderType.Gate, _central.Keys.Version(ReaderType.Gate, keyVersion)).Value;

    [Fact]
    public async Task A_lockdown_reaches_a_gate_reader_retained_with_the_override_students_gate_pseudonyms_and_is_stored_and_audited()
    {
        await using var reader = await GateReaderAsync(_central);

        var outcome = await _central.Modes.LockdownAsync("north", [SafetyCentral.Pupils[0].StudentNumber, SafetyCentral.Pupils[3].StudentNumber], "head-teacher", "intruder reported at the east gate");

        var mode = Read(await reader.NextAsync(MqttTopics.SiteMode("north")));
        Assert.Equal(("north", "lockdown", outcome.Sequence), (mode.Site, mode.Mode, mode.Sequence));
        Assert.Equal(new[] { GatePseudonym(0, 1), GatePseudonym(3, 1) }.Order(), mode.Override.Order());
        Assert.True(outcome.Published);
        var stored = Assert.Single(await _central.StoredAsync());
        Assert.Equal(("north", SafetyMode.Lockdown, outcome.Sequence), (stored.Site, stored.Mode, stored.Sequence));
        var entry = Assert.Single(await _central.AuditAsync());
        Assert.Equal(("head-teacher", SafetyActions.Lockdown, "site north"), (entry.Actor, entry.Action, entry.Subject));
        Assert.StartsWith("intruder reported at the east gate", entry.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(SafetyCentral.Pupils[0].StudentNumber, entry.Reason + entry.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(GatePseudonym(0, 1), entry.Reason + entry.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_a_key_rotation_the_override_list_holds_the_pseudonyms_of_every_gate_key_version()
    {
        await _central.Services.GetRequiredService<KeyRotation>().BeginAsync(ReaderType.Gate);

        var outcome = await _central.Modes.LockdownAsync("north", [SafetyCentral.Pupils[1].StudentNumber], "head-teacher", "drill");

        Assert.Equal(2, outcome.OverridePseudonyms);
        var stored = Assert.Single(await _central.StoredAsync());
        Assert.Equal(new[] { GatePseudonym(1, 1), GatePseudonym(1, 2) }.Order(), stored.Override.Split(' ').Order());
    }

    [Fact]
    public async Task Every_command_gets_a_higher_sequence_and_a_lift_leaves_normal_as_the_retained_mode()
    {
        var lockdown = await _central.Modes.LockdownAsync("north", [], "head-teacher", "drill");
        var evacuation = await _central.Modes.EvacuateAsync("north", "head-teacher", "fire alarm");
        var other = await _central.Modes.LockdownAsync("south", [], "caretaker", "drill");
        var lift = await _central.Modes.LiftAsync("north", "head-teacher", "all clear");

        Assert.True(lockdown.Sequence < evacuation.Sequence && evacuation.Sequence < lift.Sequence);
        await using var late = await GateReaderAsync(_central);
        var retained = new[] { Read(await late.NextAsync(MqttTopics.SiteMode("north"))) };
        Assert.Equal(("normal", lift.Sequence), (retained[0].Mode, retained[0].Sequence));
        Assert.Empty(retained[0].Override);
        Assert.Equal([("north", SafetyMode.Normal, lift.Sequence), ("south", SafetyMode.Lockdown, other.Sequence)],
            (await _central.StoredAsync()).Select(m => (m.Site, m.Mode, m.Sequence)));
        Assert.Equal([SafetyActions.Lockdown, SafetyActions.Evacuation, SafetyActions.Lockdown, SafetyActions.Lift],
            (await _central.AuditAsync()).Select(e => e.Action));
    }

    [Fact]
    public void The_sequence_rises_even_when_the_clock_goes_back_and_outranks_a_store_restored_from_an_older_copy()
    {
        var now = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(now.ToUnixTimeMilliseconds(), SiteModeService.NextSequence(0, now));
        Assert.Equal(now.ToUnixTimeMilliseconds() + 1, SiteModeService.NextSequence(now.ToUnixTimeMilliseconds(), now));
        Assert.Equal(now.ToUnixTimeMilliseconds() + 1, SiteModeService.NextSequence(now.ToUnixTimeMilliseconds(), now.AddHours(-1)));
        Assert.Equal(now.ToUnixTimeMilliseconds(), SiteModeService.NextSequence(5, now));
    }

    [Fact]
    public void A_previous_sequence_further_ahead_than_readers_accept_does_not_hold_back_the_next_command()
    {
        var now = new DateTimeOffset(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);
        var lead = (long)CommandSignature.MaxSequenceLead.TotalMilliseconds;

        Assert.Equal(now.ToUnixTimeMilliseconds(), SiteModeService.NextSequence(long.MaxValue, now));
        Assert.Equal(now.ToUnixTimeMilliseconds(), SiteModeService.NextSequence(now.ToUnixTimeMilliseconds() + lead, now));
        Assert.Equal(now.ToUnixTimeMilliseconds() + lead, SiteModeService.NextSequence(now.ToUnixTimeMilliseconds() + lead - 1, now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("North")]
    [InlineData("-north")]
    [InlineData("north/+")]
    [InlineData("north site")]
    public async Task A_malformed_site_is_refused_and_nothing_is_stored(string site)
    {
        var refused = await Assert.ThrowsAsync<SiteModeException>(() => _central.Modes.LockdownAsync(site, [], "head-teacher", "drill"));

        Assert.Contains("site", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
    }

    [Fact]
    public async Task An_unknown_student_or_one_without_an_active_card_refuses_the_whole_command_and_nothing_is_sent()
    {
        await using var reader = await GateReaderAsync(_central);
        var known = SafetyCentral.Pupils[0].StudentNumber;
        await _central.Services.GetRequiredService<Central.CardEnrollment.EnrollmentService>().RevokeCardAsync(Roster.Token(SafetyCentral.Pupils[2], _central.Keys));

        var unknown = await Assert.ThrowsAsync<SiteModeException>(() => _central.Modes.LockdownAsync("north", [known, "S-9999"], "head-teacher", "drill"));
        var withoutCard = await Assert.ThrowsAsync<SiteModeException>(() => _central.Modes.LockdownAsync("north", [SafetyCentral.Pupils[2].StudentNumber], "head-teacher", "drill"));
        var noActor = await Assert.ThrowsAsync<SiteModeException>(() => _central.Modes.EvacuateAsync("north", " ", "drill"));
        var noReason = await Assert.ThrowsAsync<SiteModeException>(() => _central.Modes.LiftAsync("north", "head-teacher", ""));

        Assert.Equal("Override entry 2 of 2 is not an enrolled student number; nothing was sent.", unknown.Message);
        Assert.Equal("Override entry 1 of 1 has no active card; nothing was sent.", withoutCard.Message);
        Assert.Contains("acting admin", noActor.Message, StringComparison.Ordinal);
        Assert.Contains("reason", noReason.Message, StringComparison.Ordinal);
        Assert.Empty(await _central.StoredAsync());
        Assert.Empty(await _central.AuditAsync());
        // Nothing was published: the first site mode the reader receives is the command given after the refusals.
        var accepted = await _central.Modes.EvacuateAsync("north", "head-teacher", "fire alarm");
        Assert.Equal(accepted.Sequence, Read(await reader.NextAsync(MqttTopics.SiteMode("north"))).Sequence);
    }

    [Fact]
    public async Task A_restarted_Central_with_a_new_embedded_broker_republishes_the_stored_modes()
    {
        var lockdown = await _central.Modes.LockdownAsync("north", [SafetyCentral.Pupils[4].StudentNumber], "head-teacher", "intruder");
        await _central.DisposeAsync();

        _central = await SafetyCentral.StartAsync(_directory);
        var secret = await _central.Services.GetRequiredService<Central.ReaderAccounts.ReaderRegistry>().RegisterAsync("gate-7", ReaderType.Gate);
        await using var reader = await ReaderMqtt.ConnectAsync(_central.Endpoints, "gate-7", secret);
        await reader.SubscribeAsync(MqttTopics.AllSiteModes);

        var retained = await reader.NextAsync(MqttTopics.SiteMode("north"));
        Assert.True(retained.Retain);
        var mode = Read(retained);
        Assert.Equal(("lockdown", lockdown.Sequence), (mode.Mode, mode.Sequence));
        Assert.Equal([GatePseudonym(4, 1)], mode.Override);
    }

    [Fact]
    public async Task After_the_embedded_broker_restarts_inside_a_running_Central_the_modes_are_published_again()
    {
        var lockdown = await _central.Modes.LockdownAsync("north", [], "head-teacher", "intruder");
        var broker = _central.Services.GetRequiredService<Central.Messaging.EmbeddedBroker>();

        await broker.StopAsync(CancellationToken.None);
        await broker.StartAsync(CancellationToken.None);
        await using var reader = await GateReaderAsync(_central, "gate-8");

        var mode = Read(await reader.NextAsync(MqttTopics.SiteMode("north")));
        Assert.Equal(("lockdown", lockdown.Sequence), (mode.Mode, mode.Sequence));
    }
}
