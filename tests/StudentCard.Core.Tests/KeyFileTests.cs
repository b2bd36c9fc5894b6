using StudentCard.Core;
using StudentCard.Core.Keys;

namespace StudentCard.Core.Tests;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void A_generated_ring_round_trips_and_is_owner_only()
    {
        var ring = KeyRing.Generate();
        var path = PathOf("keys.json");
        KeyFile.Write(path, ring);

        var read = KeyFile.Read(path);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var uid = new Identifiers.CardUid([1, 2, 3, 4]);
        foreach (var purpose in ReaderTypes.All)
        {
            Assert.Equal(
                Identifiers.PseudonymDeriver.Pseudonym(uid, purpose, ring.Site, ring.Current(purpose)),
                Identifiers.PseudonymDeriver.Pseudonym(uid, purpose, read.Site, read.Current(purpose)));
        }
    }

    [Fact]
    public void A_reader_subset_holds_only_the_site_key_and_its_purpose()
    {
        var ring = KeyRing.Generate().WithNewVersion(ReaderType.Bus);
        var bus = ring.ForReader(ReaderType.Bus);

        Assert.Equal([ReaderType.Bus], bus.Purposes);
        Assert.Equal([1, 2], bus.Versions(ReaderType.Bus).Select(k => k.Version));
        Assert.Throws<KeyFileException>(() => bus.Current(ReaderType.Gate));
    }

    [Fact]
    public void A_missing_file_says_how_to_make_one()
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(PathOf("absent.json")));
        Assert.Contains("keys generate", error.Message);
    }

    [Fact]
    public void A_world_readable_file_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = PathOf("open.json");
        KeyFile.Write(path, KeyRing.Generate());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));
        Assert.Contains("owner-only", error.Message);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{}")]
    [InlineData("""{"format":"studentcard-keys/1"}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"c2hvcnQ="},"purposes":{}}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"purposes":{"canteen":[{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}]}}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"purposes":{"gate":[{"version":"x","key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}]}}""")]
    [InlineData("""{"format":"studentcard-keys/1","site":{"version":1,"key":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="},"purposes":{"gate":[]}}""")]
    public void A_malformed_file_gives_a_clear_error_without_key_material(string content)
    {
        var path = PathOf("bad.json");
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(content);
        }

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));
        Assert.Contains(path, error.Message);
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
