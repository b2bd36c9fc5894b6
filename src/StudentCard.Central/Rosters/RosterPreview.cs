namespace StudentCard.Central.Rosters;

/// <summary>
/// What an import does or did: pupils new, updated, unchanged and deactivated (marked inactive), guardians written,
/// users ignored (teachers and other roles, and inactive pupils never imported), and the rows in error; for a full
/// export also the pupils of its schools absent from it, who leave too. Leavers lists each school's leavers and the
/// cards their leaving revokes after the grace. With any error, or leavers past a school's share unconfirmed, nothing is written.
/// </summary>
public sealed record RosterPreview(
    int New,
    int Updated,
    int Unchanged,
    int Deactivated,
    int Guardians,
    int Ignored,
    IReadOnlyList<RosterError> Errors,
    bool Committed)
{
    public bool HasErrors => Errors.Count > 0;

    public bool FullExport { get; init; }

    /// <summary>Active pupils of the export's schools absent from a full export.</summary>
    public int Absent { get; init; }

    public IReadOnlyList<SchoolLeavers> Leavers { get; init; } = [];

    /// <summary>Some school would lose more pupils than it may without the operator's confirmation.</summary>
    public bool NeedsConfirmation => Leavers.Any(l => l.PastShare);

    public override string ToString() =>
        $"{New} new, {Updated} updated, {Unchanged} unchanged, {Deactivated} deactivated pupils"
        + (FullExport ? $", {Absent} absent from the full export" : "")
        + $"; {Guardians} guardians; {Ignored} users ignored; {Errors.Count} rows in error";
}
