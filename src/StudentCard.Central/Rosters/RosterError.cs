namespace StudentCard.Central.Rosters;

/// <summary>Why one row of a roster file cannot be imported: file, line, column and reason (never the row's values).</summary>
public sealed record RosterError(string File, int Line, string Column, string Reason)
{
    public override string ToString() => Column.Length == 0 ? $"{File}:{Line}: {Reason}" : $"{File}:{Line} [{Column}]: {Reason}";
}
