namespace StudentCard.Central.Statistics;

/// <summary>One row of an anonymous report: a reader, a UTC hour, a direction and its suppressed counts.</summary>
public sealed record ReportRow(ReaderType Purpose, string ReaderId, DateTimeOffset Hour, string Direction, ReportedCount Passes, ReportedCount Refusals);
