namespace StudentCard.Central.Rosters;

/// <summary>What an import does to one pupil.</summary>
public enum RosterChange
{
    New,
    Updated,
    Unchanged,
    Deactivated,
    Ignored,
}
