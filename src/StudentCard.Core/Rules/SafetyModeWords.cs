namespace StudentCard.Core.Rules;

/// <summary>The one spelling of a <see cref="SafetyMode"/> on the wire and in answers: "normal", "lockdown", "evacuation".</summary>
public static class SafetyModeWords
{
    private static readonly Dictionary<string, SafetyMode> Modes = Enum.GetValues<SafetyMode>()
        .ToDictionary(Word, StringComparer.Ordinal);

    public static string Word(SafetyMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>The mode a word names, exactly as <see cref="Word"/> writes it (no other case, no padding).</summary>
    public static bool TryParse(string? word, out SafetyMode mode) => Modes.TryGetValue(word ?? "", out mode);
}
