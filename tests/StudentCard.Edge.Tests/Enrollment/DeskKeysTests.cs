using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Edge.Enrollment;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Enrollment;

/// <summary>A desk holds K_site only; any other key file is refused with a message naming the file and the problem.</summary>
public sealed class DeskKeysTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-desk-keys-").FullName;
    private readonly KeyRing _central = KeyRing.Generate();

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static DeskKeys Keys(string path) => new(Options.Create(new DeskOptions { KeyFile = path }));

    [Fact]
    public void A_site_only_file_turns_a_uid_into_cores_card_token()
    {
        ProvisionedKeyFile.Write(PathOf("desk.json"), new KeyRing(_central.Site, []));
        var uid = new CardUid([0x04, 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6]);

        var token = Keys(PathOf("desk.json")).Token(uid);

        Assert.Equal(PseudonymDeriver.CardToken(uid, _central.Site).Value, token.Value);
    }

    [Fact]
    public void A_file_with_a_purpose_key_is_refused()
    {
        ProvisionedKeyFile.Write(PathOf("reader.json"), _central.ForReader(ReaderType.Gate));

        var error = Assert.Throws<KeyFileException>(() => Keys(PathOf("reader.json")));

        Assert.Contains("holds purpose keys (gate)", error.Message);
        Assert.Contains("keys export-desk", error.Message);
    }

    [Fact]
    public void A_malformed_file_is_refused()
    {
        File.WriteAllText(PathOf("broken.json"), "{ \"format\": \"studentcard-keys/1\", \"site\": ");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PathOf("broken.json"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var error = Assert.Throws<KeyFileException>(() => Keys(PathOf("broken.json")));

        Assert.Contains("is not valid JSON", error.Message);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var error = Assert.Throws<KeyFileException>(() => Keys(PathOf("absent.json")));

        Assert.Contains("does not exist", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
