namespace StudentCard.Central.Rosters;

/// <summary>Where the admin API takes roster uploads and follows their jobs, for Central's endpoints and the "roster import" command line alike.</summary>
public static class RosterRoutes
{
    public const string Uploads = "/api/roster/uploads";

    public const string Jobs = "/api/roster/jobs/{id}";

    public const string Commit = Uploads + "/{id}/commit";

    /// <summary>The body types an upload may have: a OneRoster bundle, or a users CSV.</summary>
    public const string ZipType = "application/zip";

    public const string CsvType = "text/csv";

    /// <summary>The upload's address; a full export (absent pupils of its schools leave) says so in the query.</summary>
    public static string UploadPath(bool fullExport) => fullExport ? Uploads + "?full=true" : Uploads;

    public static string JobPath(string uploadId) => $"/api/roster/jobs/{uploadId}";

    public static string CommitPath(string uploadId) => $"{Uploads}/{uploadId}/commit";
}

/// <summary>A commit of a previewed upload (named in the address), confirming leavers past a school's share when it must.</summary>
public sealed record RosterCommitRequest(bool ConfirmLeavers = false);

/// <summary>A roster job started: its upload's id and where to follow it.</summary>
public sealed record RosterJobStarted(string UploadId, string JobUrl);

/// <summary>A roster job's state as GET /api/roster/jobs/{id} answers it.</summary>
public sealed record RosterJobAnswer(int Sequence, string Stage, int Done, int Total, bool Finished, string? Error, RosterJobOutcome? Result);

/// <summary>A finished roster job's result: what it changed (or would), and each row in error.</summary>
public sealed record RosterJobOutcome(int Errors, bool Committed, string Summary, IReadOnlyList<string> RowsInError,
    IReadOnlyList<string> Leavers, bool NeedsConfirmation, IReadOnlyList<string> SchoolsPastShare);
