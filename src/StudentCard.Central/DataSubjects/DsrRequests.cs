using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>Where the admin API takes data-subject requests, for Central's endpoints and the "dsr" command line alike.</summary>
public static class DsrRoutes
{
    public const string Requests = "/api/dsr/requests";

    public static string StepPath(long requestId, string step) => $"{Requests}/{requestId}/{step}";
}

/// <summary>A request to open: the pupil's student number, its kind and requester as words, the acting guardian's roster id, and an objection's purpose.</summary>
public sealed record DsrOpenRequest(string? Student, string? Kind, string? Requester, string? Guardian = null, string? Purpose = null);

/// <summary>The fields of a step; each step reads its own (a verification its method, an erasure its confirmation, …).</summary>
public sealed record DsrStep(
    string? Method = null,
    int? Days = null,
    string? Reason = null,
    string? Confirmation = null,
    string? Channel = null,
    string? GivenName = null,
    string? FamilyName = null,
    string? School = null,
    string? ClassName = null,
    int? BirthYear = null,
    string? GuardianName = null);

/// <summary>A request after a step: its state and deadlines, never the person.</summary>
public sealed record DsrAnswer(long Id, string Kind, string Status, DateTimeOffset DueAt, int ExtensionDays, string? Outcome, DateTimeOffset? NotificationDueAt, DateTimeOffset? NotifiedAt)
{
    public static DsrAnswer Of(SubjectRequest request) => new(request.Id, SubjectRequests.Word(request.Kind), SubjectRequests.Word(request.Status),
        request.DueAt, request.ExtensionDays, request.Outcome, request.NotificationDueAt, request.NotifiedAt);
}

/// <summary>An access or portability copy: the export document's JSON, and whether it is the year's free copy.</summary>
public sealed record DsrExport(bool FreeCopy, string Json);

/// <summary>A restriction lifted: how many entitlements came back.</summary>
public sealed record DsrLifted(long Id, int Restored);
