using System.Security.Cryptography;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.AllowList;

/// <summary>
/// Allow-list pages and deltas reach the agent over gRPC; each is used only when Central signed it for this purpose, so a
/// page changed on the way (an entry added or made valid longer), unsigned or signed by anyone else changes nothing.
/// </summary>
public sealed class SignedPagesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 7, 45, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-pages-").FullName;
    private readonly CentralCommandKey _central = new();
    private readonly CentralCommandKey _intruder = new();
    private readonly CommandVerifier _verifier;

    public SignedPagesTests() =>
        _verifier = _central.PinnedVerifier(new EdgeOptions { ReaderId = "gate-1", ReaderType = "gate", DataDirectory = _directory }, TimeProvider.System);

    private static Protos.V1.AllowListPage Page() => new()
    {
        Version = 9,
        PageCount = 1,
        TotalEntries = 1,
        Delta = true,
        BaseVersion = 8,
        ListSize = 4,
        Entries =
        {
            new Protos.V1.AllowListEntry
            {
                Pseudonym = new string('a', 32),
                ValidFrom = Timestamp.FromDateTimeOffset(Now.AddDays(-1)),
                ValidUntil = Timestamp.FromDateTimeOffset(Now.AddDays(30)),
                Status = Protos.V1.CardStatus.Active,
            },
        },
    };

    /// <summary>Signs a page as Central does: the digest of the page without its signature, for the purpose's page topic.</summary>
    private static Protos.V1.AllowListPage Signed(Protos.V1.AllowListPage page, CentralCommandKey key, ReaderType purpose = ReaderType.Gate)
    {
        page.Signature = ByteString.CopyFrom(key.Sign(MqttTopics.AllowListPages(purpose), SHA256.HashData(page.ToByteArray()), Now));
        return page;
    }

    [Fact]
    public void A_page_Central_signed_for_this_purpose_is_taken()
    {
        SignedPages.Check(Signed(Page(), _central), ReaderType.Gate, _verifier);

        Assert.Equal(0, _verifier.Refused);
    }

    [Fact]
    public void A_page_changed_after_signing_is_refused()
    {
        var stretched = Signed(Page(), _central);
        stretched.Entries[0].ValidUntil = Timestamp.FromDateTimeOffset(Now.AddYears(50));
        var added = Signed(Page(), _central);
        added.Entries.Add(new Protos.V1.AllowListEntry { Pseudonym = new string('b', 32), Status = Protos.V1.CardStatus.Active });

        Assert.Throws<InvalidDataException>(() => SignedPages.Check(stretched, ReaderType.Gate, _verifier));
        Assert.Throws<InvalidDataException>(() => SignedPages.Check(added, ReaderType.Gate, _verifier));
        Assert.Equal(2, _verifier.Refused);
    }

    [Fact]
    public void An_unsigned_page_another_keys_page_and_another_purposes_page_are_refused()
    {
        Assert.Throws<InvalidDataException>(() => SignedPages.Check(Page(), ReaderType.Gate, _verifier));
        Assert.Throws<InvalidDataException>(() => SignedPages.Check(Signed(Page(), _intruder), ReaderType.Gate, _verifier));
        Assert.Throws<InvalidDataException>(() => SignedPages.Check(Signed(Page(), _central, ReaderType.Library), ReaderType.Gate, _verifier));
        Assert.Equal(3, _verifier.Refused);
    }

    public void Dispose()
    {
        _central.Dispose();
        _intruder.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
