namespace StudentCard.Core.Passages;

/// <summary>Which way a passage went, for readers that have a direction (gates).</summary>
public enum Direction
{
    None = 0,
    In = 1,
    Out = 2,
}
