using StudentCard.Core.Keys;
using StudentCard.Edge.Keys;

namespace StudentCard.Edge.Tests.Keys;

public sealed class CardReadKeyFileTests : IDisposable
{
    private const string MasterHex = "00112233445566778899AABBCCDDEEFF";
    private static readonly string Master64 = Convert.ToBase64String(Convert.FromHexString(MasterHex));

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-edge-card-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void An_owner_only_file_gives_the_master()
    {
        var path = Write($$"""{"format":"studentcard-card-read-key/1","master":"{{Master64}}"}""", KeyFileFormat.OwnerOnly);

        Assert.Equal(MasterHex, Convert.ToHexString(CardReadKeyFile.Read(path).Material));
    }

    [Fact]
    public void A_file_others_may_read_is_refused_without_its_key_in_the_message()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = Write($$"""{"format":"studentcard-card-read-key/1","master":"{{Master64}}"}""", KeyFileFormat.OwnerOnly | UnixFileMode.OtherRead);

        var error = Assert.Throws<KeyFileException>(() => CardReadKeyFile.Read(path));

        Assert.Contains("owner-only", error.Message);
        Assert.DoesNotContain(Master64, error.Message);
    }

    [Theory]
    [InlineData("""{"format":"studentcard-keys/1","master":"ABEiM0RVZneImaq7zN3u/w=="}""")]
    [InlineData("""{"format":"studentcard-card-read-key/1","master":"ABEiM0RVZneImaq7zN3u"}""")]
    [InlineData("""{"format":"studentcard-card-read-key/1"}""")]
    [InlineData("not json")]
    public void A_malformed_file_is_refused_without_echoing_its_content(string text)
    {
        var path = Write(text, KeyFileFormat.OwnerOnly);

        var error = Assert.Throws<KeyFileException>(() => CardReadKeyFile.Read(path));

        Assert.DoesNotContain("ABEiM0RVZneImaq7zN3u", error.Message);
    }

    private string Write(string text, UnixFileMode mode)
    {
        var path = Path.Combine(_directory, "card-read-key.json");
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
        return path;
    }
}
