namespace StudentCard.Central.Statistics;

/// <summary>The fields of a passage that a count needs; the pseudonym is deliberately not among them.</summary>
public sealed record CountedPassage(ReaderType Purpose, string ReaderId, DateTimeOffset OccurredAt, string Decision, string Direction);
