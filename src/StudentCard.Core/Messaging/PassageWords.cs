using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Core.Messaging;

/// <summary>The one spelling of decisions ("allow", "deny"), reasons ("unknown_card") and directions ("in") in passage messages and stores.</summary>
public static class PassageWords
{
    private static readonly Dictionary<ReasonCode, string> Reasons =
        Enum.GetValues<ReasonCode>().ToDictionary(r => r, r => SnakeCase(r.ToString()));

    private static readonly HashSet<string> DecisionWords = Enum.GetValues<Decision>().Select(Of).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> ReasonWords = Reasons.Values.ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> DirectionWords = Enum.GetValues<Direction>().Select(Of).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static string Of(Decision decision) => decision switch
    {
        Decision.Allow => "allow",
        Decision.Deny => "deny",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

    public static string Of(ReasonCode reason) => Reasons[reason];

    public static string Of(Direction direction) => direction.ToString().ToLowerInvariant();

    /// <summary>Whether a passage's decision, reason and direction are words of their vocabularies, in any letter case.</summary>
    public static bool AreWords(string? decision, string? reason, string? direction) =>
        DecisionWords.Contains(decision ?? "") && ReasonWords.Contains(reason ?? "") && DirectionWords.Contains(direction ?? "");

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
