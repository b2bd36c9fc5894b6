namespace StudentCard.Central.DeskApi;

/// <summary>What a desk's next tap binds: a card of this kind for this vault student, until it expires.</summary>
public sealed record PendingEnrollment(string DeskId, long StudentId, string StudentNumber, DeskEnrollmentKind Kind, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"PendingEnrollment(desk {DeskId}, vault student {StudentId}, {Kind})";
}

/// <summary>Whether a desk binds a student's first card or replaces a lost, stolen or broken one.</summary>
public enum DeskEnrollmentKind
{
    FirstCard = 1,
    Reissue = 2,
}
