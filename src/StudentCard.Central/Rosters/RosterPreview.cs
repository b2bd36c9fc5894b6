namespace StudentCard.Central.Rosters;

/// <summary>
/// What an import does or did: pupils new, updated, unchanged and deactivated, guardians written,
/// users ignored (teachers and other roles, and inactive pupils never imported), and the rows in error.
/// With any error nothing is written.
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

    public override string ToString() =>
        $"{New} new, {Updated} updated, {Unchanged} unchanged, {Deactivated} deactivated pupils; {Guardians} guardians; {Ignored} users ignored; {Errors.Count} rows in error";
}
