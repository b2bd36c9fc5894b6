namespace StudentCard.Core;

/// <summary>The purpose a reader serves; every reader is registered with exactly one.</summary>
public enum ReaderType
{
    Gate = 1,
    Bus = 2,
    Library = 3,
}

/// <summary>The one spelling of a reader type in topics, files and settings.</summary>
public static class ReaderTypes
{
    public static readonly IReadOnlyList<ReaderType> All = [ReaderType.Gate, ReaderType.Bus, ReaderType.Library];

    public static string Name(this ReaderType type) => type switch
    {
        ReaderType.Gate => "gate",
        ReaderType.Bus => "bus",
        ReaderType.Library => "library",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown reader type."),
    };

    public static ReaderType Parse(string name) =>
        TryParse(name, out var type)
            ? type
            : throw new FormatException($"'{name}' is not a reader type; expected gate, bus or library.");

    public static bool TryParse(string? name, out ReaderType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "gate": type = ReaderType.Gate; return true;
            case "bus": type = ReaderType.Bus; return true;
            case "library": type = ReaderType.Library; return true;
            default: type = default; return false;
        }
    }
}
