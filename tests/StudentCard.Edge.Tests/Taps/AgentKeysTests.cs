using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Taps;
using StudentCard.Edge.Tests.Reader;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Taps;

/// <summary>A key rotation reaches the agent as a re-exported key file, which it loads while running.</summary>
public sealed class AgentKeysTests : IDisposable
{
    private static readonly CardUid Card = new([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-agentkeys-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_re_exported_key_file_adds_the_new_version_and_a_bad_one_leaves_the_keys_in_force()
    {
        var ring = KeyRing.Generate();
        var path = Path.Combine(_directory, "keys.json");
        ProvisionedKeyFile.Write(path, ring.ForReader(ReaderType.Bus));
        using var keys = new AgentKeys(Options.Create(new EdgeOptions { ReaderId = "bus-1", ReaderType = "bus", KeyFile = path }), NullLogger<AgentKeys>.Instance);
        Assert.Single(keys.Pseudonyms(Card));

        var rotated = ring.WithNewVersion(ReaderType.Bus);
        ProvisionedKeyFile.Write(path, rotated.ForReader(ReaderType.Bus));
        await Eventually.Until(() => keys.Pseudonyms(Card).Count == 2, "the new key version to be loaded");
        Assert.Equal(
            [PseudonymDeriver.Pseudonym(Card, ReaderType.Bus, rotated.Site, rotated.Version(ReaderType.Bus, 2)), PseudonymDeriver.Pseudonym(Card, ReaderType.Bus, rotated.Site, rotated.Version(ReaderType.Bus, 1))],
            keys.Pseudonyms(Card));

        // A file holding other purposes' keys (and a third bus version) is refused as a whole.
        ProvisionedKeyFile.Write(path, rotated.WithNewVersion(ReaderType.Bus));
        await Task.Delay(500);
        Assert.Equal(2, keys.Pseudonyms(Card).Count);
    }
}
