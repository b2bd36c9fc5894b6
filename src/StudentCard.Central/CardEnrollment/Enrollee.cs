using StudentCard.Core.Identifiers;

namespace StudentCard.Central.CardEnrollment;

/// <summary>One student and their first card: an item of a batch enrollment. What the card opens comes from the access rules.</summary>
public sealed record Enrollee(NewStudent Student, CardToken Token)
{
    public override string ToString() => "Enrollee(redacted)";
}
