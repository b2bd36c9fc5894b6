using StudentCard.Core.Rules;

namespace StudentCard.Core.Messaging;

/// <summary>The one spelling of decisions ("allow", "deny") and reasons ("unknown_card") in passage messages and stores.</summary>
public static class PassageWords
{
    private static readonly Dictionary<ReasonCode, string> Reasons =
        Enum.GetValues<ReasonCode>().ToDictionary(r => r, r => SnakeCase(r.ToString()));

    public static string Of(Decision decision) => decision switch
    {
        Decision.Allow => "allow",
        Decision.Deny => "deny",
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "Unknown decision."),
    };

    public static string Of(ReasonCode reason) => Reasons[reason];

    private static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
