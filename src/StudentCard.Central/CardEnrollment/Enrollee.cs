using StudentCard.Central.AllowList;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.CardEnrollment;

/// <summary>One student, their first card and their purposes: an item of a batch enrollment.</summary>
public sealed record Enrollee(NewStudent Student, CardToken Token, IReadOnlyCollection<PurposeGrant> Grants)
{
    public override string ToString() => "Enrollee(redacted)";
}
