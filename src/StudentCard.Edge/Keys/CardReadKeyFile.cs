using System.Text.Json;
using System.Text.Json.Nodes;
using StudentCard.Core.Cards;
using StudentCard.Core.Keys;

namespace StudentCard.Edge.Keys;

/// <summary>
/// Reads the agent's DESFire read-key master (format studentcard-card-read-key/1: JSON with the 16-byte AES master in
/// base64), kept beside the agent's key file and, like it, owner-only. Messages name the file, never its key.
/// </summary>
internal static class CardReadKeyFile
{
    public const string Format = "studentcard-card-read-key/1";

    public static CardKey Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new KeyFileException($"The card read-key file '{path}' does not exist.");
        }
        if (!OperatingSystem.IsWindows())
        {
            KeyFileFormat.RequireOwnerOnly(File.GetUnixFileMode(path), path);
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static CardKey Parse(string text, string path)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            throw new KeyFileException($"The card read-key file '{path}' is not valid JSON.");
        }
        if (root is not JsonObject || (string?)root["format"] != Format)
        {
            throw new KeyFileException($"The card read-key file '{path}' is not a StudentCard card read-key file (format {Format}).");
        }
        var material = root["master"] is JsonValue value && value.TryGetValue<string>(out var text64) ? text64 : null;
        var bytes = new byte[CardKey.SizeInBytes + 3];
        if (material is null || !Convert.TryFromBase64String(material, bytes, out var written) || written != CardKey.SizeInBytes)
        {
            throw new KeyFileException($"The card read-key file '{path}' does not hold a 16-byte base64 master key.");
        }
        return new CardKey(bytes.AsSpan(0, written));
    }
}
