namespace StudentCard.Central.Enrollment;

/// <summary>A student's right to one purpose from ValidFrom (inclusive) to ValidUntil (exclusive).</summary>
public sealed record PurposeGrant(ReaderType Purpose, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil);
