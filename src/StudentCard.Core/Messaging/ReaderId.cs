using System.Text.RegularExpressions;

namespace StudentCard.Core.Messaging;

/// <summary>Reader ids are short lowercase names safe to put in an MQTT topic level.</summary>
public static partial class ReaderId
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public static string Require(string? id) =>
        IsValid(id) ? id! : throw new FormatException($"'{id}' is not a reader id: use 1-64 of a-z, 0-9 and '-'.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Pattern();
}
