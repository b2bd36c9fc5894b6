using System.Text.Json;
using System.Text.Json.Nodes;

namespace StudentCard.Core.Keys;

/// <summary>
/// Reads and writes a key ring as a JSON file readable by its owner only (0600). The file
/// lives outside every database so a copy of a database reveals no key.
/// </summary>
public static class KeyFile
{
    public static void Write(string path, KeyRing ring)
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
            ["format"] = "studentcard-keys/1",
            ["site"] = new JsonObject { ["version"] = ring.Site.Version, ["key"] = ring.Site.ToBase64() },
            ["purposes"] = purposes,
        };

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, root, new JsonSerializerOptions { WriteIndented = true });
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static KeyRing Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyFileException($"The key file '{path}' does not exist. Create one with the 'keys generate' command.");
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw new KeyFileException($"The key file '{path}' is readable or writable by others; it must be owner-only (chmod 600).");
            }
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            throw new KeyFileException($"The key file '{path}' is not valid JSON.");
        }
        try
        {
            if ((string?)root?["format"] != "studentcard-keys/1")
            {
                throw new KeyFileException($"The key file '{path}' is not a StudentCard key file (format studentcard-keys/1).");
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
