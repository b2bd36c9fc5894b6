using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Passages;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Taps;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Taps;

public sealed class TapDecisionTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 7, 50, 0, TimeSpan.Zero);
    private static readonly CardUid Card = new([0xDE, 0xAD, 0x10, 0x01]);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-tap-").FullName;
    private readonly KeyRing _ring = KeyRing.Generate().WithNewVersion(ReaderType.Gate);
    private readonly LocalAllowList _allowList = new();
    private readonly PassageOutbox _outbox;
    private readonly TapProcessor _processor;

    public TapDecisionTests()
    {
        var keyFile = Path.Combine(_directory, "keys.json");
        ProvisionedKeyFile.Write(keyFile, _ring.ForReader(ReaderType.Gate));
        var options = Options.Create(new EdgeOptions
        {
            ReaderId = "gate-7", ReaderType = "gate", ReaderSecret = "s", Direction = Direction.In, KeyFile = keyFile, DataDirectory = _directory,
        });
        _outbox = new PassageOutbox(Path.Combine(_directory, "outbox.db"));
        _processor = new TapProcessor(Substitute.For<ICardReader>(), new AgentKeys(options), _allowList, _outbox, new OutboxSignal(),
            new TapLog(), options, NullLogger<TapProcessor>.Instance);
    }

    public void Dispose()
    {
        _outbox.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string PseudonymWith(int version) =>
        PseudonymDeriver.Pseudonym(Card, ReaderType.Gate, _ring.Site, _ring.Version(ReaderType.Gate, version)).Value;

    [Fact]
    public void A_listed_card_is_allowed_and_its_passage_carries_only_the_gate_pseudonym()
    {
        _allowList.Replace(AllowListSnapshot.Create(3, [new AllowListEntry(PseudonymWith(2), Now.AddDays(-1), Now.AddDays(1))], Now));

        var passage = _processor.Decide(Card, Now).Passage;

        Assert.Equal(("allow", "none", "in", "gate-7", "gate"), (passage.Decision, passage.Reason, passage.Direction, passage.ReaderId, passage.Purpose));
        Assert.Equal(PseudonymWith(2), passage.Pseudonym);
        Assert.Equal(2, passage.KeyVersion);
    }

    [Fact]
    public void During_a_rotation_a_list_still_made_with_the_old_key_version_decides()
    {
        _allowList.Replace(AllowListSnapshot.Create(3, [new AllowListEntry(PseudonymWith(1), Now.AddDays(-1), Now.AddDays(1))], Now));

        var passage = _processor.Decide(Card, Now).Passage;

        Assert.Equal("allow", passage.Decision);
        Assert.Equal(1, passage.KeyVersion);
    }

    [Fact]
    public void An_unlisted_card_is_denied_as_unknown()
    {
        var passage = _processor.Decide(Card, Now).Passage;
        Assert.Equal(("deny", "unknown_card"), (passage.Decision, passage.Reason));
        Assert.Equal(PseudonymWith(2), passage.Pseudonym);
    }

    [Fact]
    public void An_expired_entitlement_is_denied_as_expired()
    {
        _allowList.Replace(AllowListSnapshot.Create(3, [new AllowListEntry(PseudonymWith(2), Now.AddDays(-10), Now.AddDays(-1))], Now));
        Assert.Equal(("deny", "expired"), (_processor.Decide(Card, Now).Passage.Decision, _processor.Decide(Card, Now).Passage.Reason));
    }

    [Fact]
    public void An_agent_key_file_with_another_purposes_key_is_refused()
    {
        var keyFile = Path.Combine(_directory, "all-keys.json");
        ProvisionedKeyFile.Write(keyFile, _ring);
        var options = Options.Create(new EdgeOptions { ReaderId = "gate-7", ReaderType = "gate", KeyFile = keyFile });

        var error = Assert.Throws<KeyFileException>(() => new AgentKeys(options));
        Assert.Contains("other purposes", error.Message);
    }
}
