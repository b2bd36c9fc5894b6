namespace StudentCard.FirmwareSim;

/// <summary>A tap script line that cannot be understood; the message starts with its line number.</summary>
public sealed class TapScriptException(int line, string problem) : FormatException($"line {line}: {problem}")
{
    /// <summary>The 1-based line number of the bad line.</summary>
    public int Line { get; } = line;
}
