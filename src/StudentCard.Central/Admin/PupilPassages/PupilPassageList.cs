namespace StudentCard.Central.Admin.PupilPassages;

/// <summary>A found pupil (vault id, student number, class; no name) and their passages, newest first.</summary>
public sealed record PupilPassageList(long StudentId, string StudentNumber, string ClassName, IReadOnlyList<PupilPassage> Items, bool More);

/// <summary>One of the pupil's passages: where, when, what was decided and under which key version; not the pseudonym.</summary>
public sealed record PupilPassage(DateTimeOffset OccurredAt, string ReaderId, string? Place, string Direction, string Decision, string Reason, int KeyVersion);
