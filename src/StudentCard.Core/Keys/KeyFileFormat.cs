using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudentCard.Core.Keys;

/// <summary>
/// The text of a key file (format studentcard-keys/1) and the rules a reader of one applies:
/// the file must be owner-only and well-formed. Pure: the programs that own key files do the
/// file I/O (Central writes them, Central and the agents read them). Messages never hold key
/// material.
/// </summary>
public static class KeyFileFormat
{
    public const string Format = "studentcard-keys/1";

    /// <summary>The only permissions a key file may carry (0600).</summary>
    public const UnixFileMode OwnerOnly = OwnerOnlyModes.File;

    public static string Serialize(KeyRing ring)
    {
        var purposes = new JsonObject();
        foreach (var group in ring.AllPurposeKeys().GroupBy(k => k.Purpose))
        {
            purposes[group.Key.Name()] = new JsonArray(group
                .Select(k => (JsonNode)new JsonObject { ["version"] = k.Key.Version, ["key"] = k.Key.ToBase64() })
                .ToArray());
        }
        var root = new JsonObject
        {
            ["format"] = Format,
            ["site"] = new JsonObject { ["version"] = ring.Site.Version, ["key"] = ring.Site.ToBase64() },
            ["purposes"] = purposes,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The refusal for a key file that is not there.</summary>
    public static KeyFileException Missing(string path) =>
        new($"The key file '{path}' does not exist. Create one with the 'keys generate' command.");

    /// <summary>Refuses a key file that others may read or write.</summary>
    public static void RequireOwnerOnly(UnixFileMode mode, string path)
    {
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new KeyFileException($"The key file '{path}' is readable or writable by others; it must be owner-only (chmod 600).");
        }
    }

    /// <summary>Reads the text of the key file at <paramref name="path"/> (named in errors only).</summary>
    public static KeyRing Parse(string text, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new KeyFileException($"The key file '{path}' is not valid JSON.");
        }
        try
        {
            if ((string?)root?["format"] != Format)
            {
                throw new KeyFileException($"The key file '{path}' is not a StudentCard key file (format {Format}).");
            }
            var site = ReadKey(root["site"], path, "site");
            var purposes = new List<(ReaderType, SecretKey)>();
            if (root["purposes"] is not JsonObject purposeNodes)
            {
                throw new KeyFileException($"The key file '{path}' has no purpose keys.");
            }
            foreach (var (name, versions) in purposeNodes)
            {
                if (!ReaderTypes.TryParse(name, out var purpose))
                {
                    throw new KeyFileException($"The key file '{path}' names an unknown purpose '{name}'.");
                }
                if (versions is not JsonArray array || array.Count == 0)
                {
                    throw new KeyFileException($"The key file '{path}' has no {name} key versions.");
                }
                purposes.AddRange(array.Select(v => (purpose, ReadKey(v, path, name))));
            }
            return new KeyRing(site, purposes);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new KeyFileException($"The key file '{path}' is malformed: a key entry is not a version and a 32-byte base64 key.");
        }
    }

    private static SecretKey ReadKey(JsonNode? node, string path, string what)
    {
        if (node is not JsonObject)
        {
            throw new KeyFileException($"The key file '{path}' has no {what} key.");
        }
        var version = (int?)node["version"] ?? throw new KeyFileException($"The {what} key in '{path}' has no version.");
        var material = (string?)node["key"] ?? throw new KeyFileException($"The {what} key in '{path}' has no key material.");
        var bytes = new byte[SecretKey.SizeInBytes + 3];
        if (!Convert.TryFromBase64String(material, bytes, out var written) || written != SecretKey.SizeInBytes)
        {
            throw new KeyFileException($"The {what} key version {version} in '{path}' is not 32 bytes of base64.");
        }
        return new SecretKey(version, bytes.AsSpan(0, written));
    }
}
