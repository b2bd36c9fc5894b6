using StudentCard.Central.AllowList;

namespace StudentCard.Central.Rights;

/// <summary>A right to give one pupil (by student number) through their own rule: a purpose, its period, places and schedule.</summary>
public sealed record PupilRight(string StudentNumber, PurposeGrant Right);
