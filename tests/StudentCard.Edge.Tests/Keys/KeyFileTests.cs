using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Edge.Keys;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Keys;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-edge-keys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public void A_provisioned_file_is_read()
    {
        var ring = KeyRing.Generate().ForReader(ReaderType.Bus);
        ProvisionedKeyFile.Write(PathOf("bus.json"), ring);

        Assert.Equal([ReaderType.Bus], KeyFile.Read(PathOf("bus.json")).Purposes);
    }

    [Fact]
    public void A_missing_file_says_how_to_make_one()
    {
        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(PathOf("absent.json")));
        Assert.Contains("keys generate", error.Message);
    }

    [Fact]
    public void A_file_others_may_read_is_refused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        ProvisionedKeyFile.Write(PathOf("open.json"), KeyRing.Generate(), KeyFileFormat.OwnerOnly | UnixFileMode.GroupRead);

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(PathOf("open.json")));
        Assert.Contains("owner-only", error.Message);
    }

    [Fact]
    public void Text_that_is_not_a_key_file_is_refused_by_name()
    {
        File.WriteAllText(PathOf("bad.json"), "{}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PathOf("bad.json"), KeyFileFormat.OwnerOnly);
        }

        var error = Assert.Throws<KeyFileException>(() => KeyFile.Read(PathOf("bad.json")));
        Assert.Contains(PathOf("bad.json"), error.Message);
    }
}
