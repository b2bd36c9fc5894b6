namespace StudentCard.Central.Rosters;

/// <summary>
/// How the operator describes an import: a full export (every pupil of its schools; those absent from it leave) or a
/// partial one (says nothing about absent pupils), and whether they confirmed more leavers than a school may lose unasked.
/// </summary>
public sealed record RosterImportMode(bool FullExport, bool LeaversConfirmed = false)
{
    public static readonly RosterImportMode Partial = new(FullExport: false);

    public static readonly RosterImportMode Full = new(FullExport: true);
}
