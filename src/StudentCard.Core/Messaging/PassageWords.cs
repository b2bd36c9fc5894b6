using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Core.Messaging;

/// <summary>The one spelling of decisions ("allow", "deny"), reasons ("unknown_card") and directions ("in") in passage messages and stores.</summary>
public static class PassageWords
{
    private static readonly Dictionary<ReasonCode, string> Reasons =
        Enum.GetValues<ReasonCode>().ToDictionary(r => r, r => SnakeCase(r.ToString()));

    private static readonly string[] DecisionWords = Enum.GetValues<Decision>().Select(Of).ToArray();

    private static readonly string[] ReasonWords = Reasons.Values.ToArray();

    private static readonly string[] DirectionWords = Enum.GetValues<Direction>().Select(Of).ToArray();

    public static string Of(Decision decision) => decision switch
    {
        Decision.Allow => "allow",
        Decision.Deny => "deny",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

    public static string Of(ReasonCode reason) => Reasons[reason];

    public static string Of(Direction direction) => direction.ToString().ToLowerInvariant();

    /// <summary>The one spelling of a decision word in any letter case, or null for anything that is not a decision.</summary>
    public static string? DecisionWord(string? word) => Spelling(DecisionWords, word);

    /// <summary>The one spelling of a reason word in any letter case, or null for anything that is not a reason.</summary>
    public static string? ReasonWord(string? word) => Spelling(ReasonWords, word);

    /// <summary>The one spelling of a direction word in any letter case, or null for anything that is not a direction.</summary>
    public static string? DirectionWord(string? word) => Spelling(DirectionWords, word);

    private static string? Spelling(string[] words, string? word) =>
        Array.Find(words, w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase));

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
