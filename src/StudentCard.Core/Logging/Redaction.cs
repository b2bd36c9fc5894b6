using Serilog.Events;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Core.Logging;

/// <summary>
/// Decides which logged values are replaced by a placeholder: raw UIDs, card tokens, keys,
/// people and any byte array (a UID is 4, 7 or 10 bytes; no byte array in a log helps anyone).
/// Pseudonyms pass: they are the only identifier a log may hold.
/// </summary>
public static partial class Redaction
{
    public const string Placeholder = "[redacted]";

    public static bool IsSensitive(object? value) => value is
        CardUid or CardToken or SecretKey or KeyRing or SyntheticStudent or IRedactedInLogs
        or byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte>;

    /// <summary>
    /// Serilog turns a byte array into a hex string before any policy sees it, so such strings are
    /// caught by shape: bare hex of a UID's length (4, 7 or 10 bytes) or hex byte pairs with
    /// separators (a dumped frame). Pseudonyms (32 lowercase hex) are not of that shape.
    /// </summary>
    public static bool LooksLikeRawBytes(string text) =>
        (text.Length is 8 or 14 or 20 && text.All(char.IsAsciiHexDigit))
        || (text.Length >= 11 && SeparatedHexPairs().IsMatch(text));

    [System.Text.RegularExpressions.GeneratedRegex("^(0x)?[0-9A-Fa-f]{2}([-: ][0-9A-Fa-f]{2}){3,}$")]
    private static partial System.Text.RegularExpressions.Regex SeparatedHexPairs();

    public static LogEventPropertyValue Redacted(object value) =>
        new ScalarValue($"{value.GetType().Name}{Placeholder}");

    /// <summary>The value with every sensitive scalar inside it replaced; the same instance when nothing was.</summary>
    public static LogEventPropertyValue Scrub(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: { } scalar } when IsSensitive(scalar):
                return Redacted(scalar);
            case ScalarValue { Value: string text } when LooksLikeRawBytes(text):
                return new ScalarValue($"bytes{Placeholder}");
            case StructureValue structure when IsSensitiveTypeName(structure.TypeTag):
                return new ScalarValue($"{structure.TypeTag}{Placeholder}");
            case StructureValue structure:
                var properties = structure.Properties.Select(p => new LogEventProperty(p.Name, Scrub(p.Value))).ToArray();
                return properties.Zip(structure.Properties).All(p => ReferenceEquals(p.First.Value, p.Second.Value))
                    ? structure
                    : new StructureValue(properties, structure.TypeTag);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(Scrub).ToArray();
                return elements.Zip(sequence.Elements).All(p => ReferenceEquals(p.First, p.Second)) ? sequence : new SequenceValue(elements);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(
                    Scrub(e.Key) as ScalarValue ?? e.Key, Scrub(e.Value))).ToArray();
                return entries.Zip(dictionary.Elements).All(p => ReferenceEquals(p.First.Key, p.Second.Key) && ReferenceEquals(p.First.Value, p.Second.Value))
                    ? dictionary
                    : new DictionaryValue(entries);
            default:
                return value;
        }
    }

    // A structure destructured elsewhere (e.g. by a policy registered before ours) still carries its type name.
    private static bool IsSensitiveTypeName(string? typeTag) =>
        typeTag is nameof(CardUid) or nameof(CardToken) or nameof(SecretKey) or nameof(KeyRing) or nameof(SyntheticStudent);
}
