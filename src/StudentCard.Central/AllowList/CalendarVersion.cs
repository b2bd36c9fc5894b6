namespace StudentCard.Central.AllowList;

/// <summary>
/// One version of the schools' calendar and places, as it was committed: the whole access policy readers get, the school
/// that owns each site and schedule, who changed it and why. The highest version is in force; older ones are history.
/// </summary>
public sealed class CalendarVersion
{
    public long Version { get; set; }

    /// <summary>The policy exactly as readers receive it (<see cref="Core.Rules.AccessPolicyJson"/>).</summary>
    public required string Policy { get; set; }

    /// <summary>The owning schools (<see cref="CalendarSchools"/>) as JSON.</summary>
    public required string Schools { get; set; }

    public required string Author { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset CommittedAt { get; set; }
}
