using StudentCard.Central.Keys;
using StudentCard.Core;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Keys;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void A_written_ring_is_owner_only_reads_back_and_leaves_no_temporary_file()
    {
        var ring = KeyRing.Generate().WithNewVersion(ReaderType.Gate);
        var path = Path.Combine(_directory, "new-folder", "keys.json");

        KeyFile.Write(path, ring);
        KeyFile.Write(path, ring.ForReader(ReaderType.Gate));

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(KeyFileFormat.OwnerOnly, File.GetUnixFileMode(path));
        }
        Assert.Equal([1, 2], KeyFile.Read(path).Versions(ReaderType.Gate).Select(k => k.Version));
        Assert.Equal([ReaderType.Gate], KeyFile.Read(path).Purposes);
        Assert.Equal(["keys.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
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
        File.SetUnixFileMode(path, KeyFileFormat.OwnerOnly | UnixFileMode.OtherRead);

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));
        Assert.Contains("owner-only", error.Message);
    }

    [Fact]
    public void A_malformed_file_names_the_file_without_key_material()
    {
        var path = PathOf("bad.json");
        KeyFile.Write(path, KeyRing.Generate());
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"version\": 1", "\"version\": \"x\"", StringComparison.Ordinal));

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("malformed", error.Message);
    }
}
