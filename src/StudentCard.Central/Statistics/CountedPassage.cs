namespace StudentCard.Central.Statistics;

/// <summary>The fields of a passage that a count needs; the pseudonym is deliberately not among them.</summary>
public sealed record CountedPassage(ReaderType Purpose, string ReaderId, DateTimeOffset OccurredAt, string Decision, string Direction, string? Place = null)
{
    /// <summary>The site of a gate or library passage's place ("site" or "site/zone"); null for a bus route or no place.</summary>
    public string? Site => Core.Rules.ReaderPlace.SiteOf(Purpose, Place);
}
