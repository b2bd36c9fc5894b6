namespace StudentCard.Central.Enrollment;

/// <summary>
/// A student's right to one purpose from ValidFrom (inclusive) to ValidUntil (exclusive), and where and when it holds:
/// gate sites or site/zone pairs, or bus routes (null: everywhere the purpose reaches), and a gate schedule's name.
/// </summary>
public sealed record PurposeGrant(ReaderType Purpose, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, string? Places = null, string? Schedule = null);
