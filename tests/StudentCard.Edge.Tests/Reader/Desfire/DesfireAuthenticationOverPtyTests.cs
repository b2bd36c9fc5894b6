using StudentCard.Core.Cards;
using StudentCard.Core.Identifiers;
using StudentCard.Edge.Reader;
using StudentCard.FirmwareSim;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>
/// The agent's card authentication against the simulated board's DESFire over a pseudo-terminal. Each card is
/// personalised through the reader's own DESFire client: StudentCard's application with the shared UID key and the
/// read key diversified from the card's UID.
/// </summary>
public sealed class DesfireAuthenticationOverPtyTests : IAsyncLifetime
{
    private const string RealUid = "04A1B2C3D4E5F6";
    private const string ReadMasterHex = "5C6A1E0F2D3B49587766554433221100";
    private static readonly CardKey ReadMaster = new(Convert.FromHexString(ReadMasterHex));

    private readonly SimulatorTestSupport _support = new();
    private readonly List<SerialPortTransport> _transports = [];

    [LinuxFact]
    public async Task A_genuine_card_in_random_uid_mode_gives_its_real_uid_at_two_taps_with_different_anticollision_uids()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        board.Field.Present(SimulatedCard.FromHex(RealUid, CardType.Desfire));
        var pn532 = await ConnectAsync();
        var first = await ActivateAsync(pn532);
        await PersonaliseAsync(DesfireClient.Over(pn532, first.Tg), new DiversifiedReadKeySource(ReadMaster), new CardUid(Convert.FromHexString(RealUid)));
        await FactoryPiccKey.TurnOnRandomUidAsync(DesfireClient.Over(pn532, first.Tg));
        var authenticator = new DiversifiedKeyCardAuthenticator(new DiversifiedReadKeySource(ReadMaster));

        var taps = new List<(PassiveTarget Target, CardAuthentication Result)>();
        for (int i = 0; i < 2; i++)
        {
            await pn532.InReleaseAsync(0, CancellationToken.None);
            var target = await ActivateAsync(pn532);
            taps.Add((target, await authenticator.AuthenticateAsync(DesfireClient.Over(pn532, target.Tg), CancellationToken.None)));
        }

        Assert.All(taps, tap =>
        {
            Assert.Equal(4, tap.Target.Uid.Length);
            Assert.Equal(0x08, tap.Target.Uid.Bytes[0]);
            Assert.Equal(CardAuthenticationOutcome.Genuine, tap.Result.Outcome);
            Assert.Equal(RealUid, Convert.ToHexString(tap.Result.RealUid!.Bytes));
        });
        Assert.False(taps[0].Target.Uid.SameAs(taps[1].Target.Uid));
    }

    [LinuxFact]
    public async Task A_card_with_the_same_uid_and_a_wrong_read_key_is_not_genuine()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        board.Field.Present(SimulatedCard.FromHex(RealUid, CardType.Desfire));
        var pn532 = await ConnectAsync();
        var target = await ActivateAsync(pn532);
        // The UID key is right, so the card gives up its UID; its read key comes from another master.
        var agentKeys = new DiversifiedReadKeySource(ReadMaster);
        var forged = new ForgedReadKey(agentKeys, new DiversifiedReadKeySource(CardKey.Generate()));
        await PersonaliseAsync(DesfireClient.Over(pn532, target.Tg), forged, new CardUid(Convert.FromHexString(RealUid)));

        var result = await new DiversifiedKeyCardAuthenticator(agentKeys).AuthenticateAsync(DesfireClient.Over(pn532, target.Tg), CancellationToken.None);

        Assert.Equal(CardAuthenticationOutcome.NotGenuine, result.Outcome);
        Assert.Null(result.RealUid);
    }

    [LinuxFact]
    public async Task A_clone_without_the_application_is_not_genuine_and_no_message_carries_a_key_or_the_uid()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        board.Field.Present(SimulatedCard.FromHex(RealUid, CardType.Desfire));
        var pn532 = await ConnectAsync();
        var target = await ActivateAsync(pn532);
        var keys = new DiversifiedReadKeySource(ReadMaster);

        var result = await new DiversifiedKeyCardAuthenticator(keys).AuthenticateAsync(DesfireClient.Over(pn532, target.Tg), CancellationToken.None);
        using var client = new DesfireClient(DesfireClient.Over(pn532, target.Tg));
        var refused = await Assert.ThrowsAsync<DesfireStatusException>(() => client.SelectApplicationAsync(StudentCardApplication.Aid, CancellationToken.None));
        var wrongKey = await Assert.ThrowsAsync<DesfireAuthenticationException>(() => client.AuthenticateAesAsync(0, keys.UidKey, CancellationToken.None));

        Assert.Equal(CardAuthenticationOutcome.NotGenuine, result.Outcome);
        Assert.Equal(DesfireStatus.ApplicationNotFound, refused.Status);
        var secrets = new[] { ReadMasterHex, RealUid, Convert.ToHexString(keys.UidKey.Material), Convert.ToHexString(keys.ReadKeyFor(new CardUid(Convert.FromHexString(RealUid))).Material) };
        var texts = new[] { refused.ToString(), wrongKey.ToString(), result.ToString(), keys.ToString(), client.ToString(), ReadMaster.ToString() };
        Assert.All(texts, text => Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase)));
    }

    [LinuxFact]
    public async Task A_card_that_leaves_mid_authentication_is_a_missed_read_not_a_refusal()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        var card = SimulatedCard.FromHex(RealUid, CardType.Desfire);
        board.Field.Present(card);
        var pn532 = await ConnectAsync();
        var target = await ActivateAsync(pn532);
        await PersonaliseAsync(DesfireClient.Over(pn532, target.Tg), new DiversifiedReadKeySource(ReadMaster), new CardUid(Convert.FromHexString(RealUid)));
        await pn532.InReleaseAsync(0, CancellationToken.None);
        target = await ActivateAsync(pn532);
        int exchanges = 0;
        DesfireExchange leaving = async (frame, ct) =>
        {
            if (++exchanges == 3)
            {
                board.Field.Remove(card.Uid);
            }
            return await pn532.InDataExchangeAsync(target.Tg, frame, ct);
        };

        var result = await new DiversifiedKeyCardAuthenticator(new DiversifiedReadKeySource(ReadMaster)).AuthenticateAsync(leaving, CancellationToken.None);

        Assert.Equal(CardAuthenticationOutcome.Missed, result.Outcome);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var transport in _transports)
        {
            await transport.DisposeAsync();
        }
        _support.Dispose();
    }

    // The desk's personalisation through the reader's client: application, then keys 1 and 2 under the factory key 0.
    private static async Task PersonaliseAsync(DesfireExchange card, ICardReadKeySource keys, CardUid realUid)
    {
        using var client = new DesfireClient(card);
        await client.SelectApplicationAsync(new byte[3], CancellationToken.None);
        await client.CreateApplicationAsync(StudentCardApplication.Aid, 0x0B, StudentCardApplication.KeyCount, CancellationToken.None);
        await client.SelectApplicationAsync(StudentCardApplication.Aid, CancellationToken.None);
        await client.AuthenticateAesAsync(StudentCardApplication.MasterKeyNo, CardKey.FactoryDefault, CancellationToken.None);
        await client.ChangeKeyAsync(StudentCardApplication.UidKeyNo, keys.UidKey, CardKey.FactoryDefault, 1, CancellationToken.None);
        await client.ChangeKeyAsync(StudentCardApplication.ReadKeyNo, keys.ReadKeyFor(realUid), CardKey.FactoryDefault, 1, CancellationToken.None);
        await client.ChangeKeyAsync(StudentCardApplication.MasterKeyNo, CardKey.Generate(), CardKey.FactoryDefault, 1, CancellationToken.None);
    }

    private async Task<Pn532Client> ConnectAsync()
    {
        var transport = new SerialPortTransport(_support.LinkPath);
        _transports.Add(transport);
        await transport.OpenAsync(CancellationToken.None);
        // Generous timeouts: a command re-sent after a late ACK would run twice on the card and break its session.
        var client = new Pn532Client(transport, new Pn532ClientOptions { AckTimeout = TimeSpan.FromSeconds(5), ResponseTimeout = TimeSpan.FromSeconds(10) });
        await client.WakeUpAsync(CancellationToken.None);
        await client.SamConfigurationAsync(CancellationToken.None);
        await client.SetMaxRetriesAsync(0xFF, 0x01, 0x01, CancellationToken.None);
        return client;
    }

    private static async Task<PassiveTarget> ActivateAsync(Pn532Client pn532)
    {
        var target = Assert.Single(await pn532.InListPassiveTargetAsync(1, CancellationToken.None));
        Assert.Equal(0x20, target.SelRes);
        Assert.NotEmpty(target.Ats);
        return target;
    }

    private sealed class ForgedReadKey(ICardReadKeySource uidKeys, ICardReadKeySource readKeys) : ICardReadKeySource
    {
        public CardKey UidKey => uidKeys.UidKey;

        public CardKey ReadKeyFor(CardUid realUid) => readKeys.ReadKeyFor(realUid);
    }
}
