using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.Core.Tests;

public sealed class KeyFileFormatTests
{
    [Fact]
    public void A_generated_ring_round_trips_through_its_text()
    {
        var ring = KeyRing.Generate().WithNewVersion(ReaderType.Library);

        var read = KeyFileFormat.Parse(KeyFileFormat.Serialize(ring), "keys.json");

        var uid = new CardUid([1, 2, 3, 4]);
        Assert.Equal(ring.Site.Version, read.Site.Version);
        foreach (var purpose in ReaderTypes.All)
        {
            Assert.Equal(ring.Versions(purpose).Select(k => k.Version), read.Versions(purpose).Select(k => k.Version));
            Assert.Equal(
                PseudonymDeriver.Pseudonym(uid, purpose, ring.Site, ring.Current(purpose)),
                PseudonymDeriver.Pseudonym(uid, purpose, read.Site, read.Current(purpose)));
        }
    }

    [Fact]
    public void A_reader_subset_holds_only_the_site_key_and_its_purpose()
    {
        var ring = KeyRing.Generate().WithNewVersion(ReaderType.Bus);
        var bus = KeyFileFormat.Parse(KeyFileFormat.Serialize(ring.ForReader(ReaderType.Bus)), "bus.json");

        Assert.Equal([ReaderType.Bus], bus.Purposes);
        Assert.Equal([1, 2], bus.Versions(ReaderType.Bus).Select(k => k.Version));
        Assert.Throws<KeyFileException>(() => bus.Current(ReaderType.Gate));
    }

    [Fact]
    public void A_missing_file_says_how_to_make_one()
    {
        Assert.Contains("keys generate", KeyFileFormat.Missing("absent.json").Message);
    }

    [Theory]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.OtherWrite)]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    public void Permissions_beyond_the_owner_are_refused(UnixFileMode extra)
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFileFormat.RequireOwnerOnly(KeyFileFormat.OwnerOnly | extra, "open.json"));
        Assert.Contains("owner-only", error.Message);
    }

    [Fact]
    public void Owner_only_permissions_pass()
    {
        KeyFileFormat.RequireOwnerOnly(KeyFileFormat.OwnerOnly, "keys.json");
        KeyFileFormat.RequireOwnerOnly(UnixFileMode.UserRead, "keys.json");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{}")]
    [InlineData("""{"format":"studentcard-keys/1"}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"c2hvcnQ="},"purposes":{}}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"purposes":{"canteen":[{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}]}}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"purposes":{"gate":[{"version":"x","key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}]}}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"purposes":{"gate":[]}}""")]
    public void Malformed_text_gives_a_clear_error_without_key_material(string content)
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFileFormat.Parse(content, "/keys/bad.json"));
        Assert.Contains("/keys/bad.json", error.Message);
        Assert.DoesNotContain("AAECAwQF", error.Message);
    }

    [Fact]
    public void Rotation_adds_a_newer_version_and_can_drop_old_ones()
    {
        var ring = KeyRing.Generate().WithNewVersion(ReaderType.Gate);
        Assert.Equal(2, ring.Current(ReaderType.Gate).Version);
        Assert.Equal(1, ring.Current(ReaderType.Bus).Version);

        var after = ring.WithoutVersionsBelow(ReaderType.Gate, 2);
        Assert.Equal([2], after.Versions(ReaderType.Gate).Select(k => k.Version));
        Assert.Same(ring.Site, after.Site);
    }
}
