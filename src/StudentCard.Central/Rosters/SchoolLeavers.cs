namespace StudentCard.Central.Rosters;

/// <summary>
/// What an import does to one school's leavers: how many of its active pupils leave (inactive in the roster, or absent
/// from a full export), how many issued cards they hold, and the day in the school's time zone those cards are revoked
/// unless the pupils come back first. PastShare: more leave than <see cref="RosterLimits.MaxLeavingPercent"/> allows
/// without confirmation.
/// </summary>
public sealed record SchoolLeavers(string School, int Leaving, int Active, int Cards, DateOnly RevokedOn, string TimeZone, bool PastShare)
{
    public string CardsSentence =>
        $"{Cards} {(Cards == 1 ? "card" : "cards")} will be revoked on {RevokedOn:yyyy-MM-dd} ({TimeZone}) unless {(Leaving == 1 ? "the pupil comes" : "their pupils come")} back first";

    public override string ToString() => $"{School}: {Leaving} of {Active} active pupils leave; {CardsSentence}.";
}
