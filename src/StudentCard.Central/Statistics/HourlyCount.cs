namespace StudentCard.Central.Statistics;

/// <summary>
/// One anonymous cell: how many passages one reader (a bus route, a library entrance, a gate) saw
/// in one UTC hour and direction. It holds no pseudonym, so it may outlive the passages it counts.
/// </summary>
public sealed class HourlyCount
{
    public ReaderType Purpose { get; set; }

    public required string ReaderId { get; set; }

    /// <summary>The start of the UTC hour.</summary>
    public DateTimeOffset Hour { get; set; }

    /// <summary>"in", "out" or "none", as the passages carried it.</summary>
    public required string Direction { get; set; }

    /// <summary>The site the reader stood at (from the passages' place; gates and libraries), so counts can be scoped to a school.</summary>
    public string? Site { get; set; }

    /// <summary>Passages let through.</summary>
    public int Passes { get; set; }

    /// <summary>Passages refused.</summary>
    public int Refusals { get; set; }
}
