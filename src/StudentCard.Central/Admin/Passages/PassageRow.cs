namespace StudentCard.Central.Admin.Passages;

/// <summary>A passage as staff see it: the purpose pseudonym, never a name.</summary>
public sealed record PassageRow(Guid Id, string ReaderId, string Pseudonym, DateTimeOffset OccurredAt, string Decision, string Reason, string Direction, string? Place);

/// <summary>One page of passages and whether there is a next one.</summary>
public sealed record PassagePage(IReadOnlyList<PassageRow> Items, int Page, int PageSize, bool HasNext);
