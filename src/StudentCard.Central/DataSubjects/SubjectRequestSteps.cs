using System.Globalization;
using StudentCard.Central.Audit;
using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// The DPO's steps on data-subject requests as the admin page and the admin API take them: the <c>DataSubjects/</c>
/// service's step (audited there under the DPO role), the checks a person at a screen or a command line needs on top
/// (the identity verified before an answer, the request number typed to confirm what cannot be undone, a refusal's
/// reason), and an audit entry naming the staff account that took it. Refusals are <see cref="DataSubjectException"/>s
/// that change nothing.
/// </summary>
public sealed class SubjectRequestSteps(SubjectRequests requests, SubjectExporter exporter, SubjectEraser eraser, SubjectActions actions, AuditLog audit)
{
    public async Task<SubjectRequest> OpenAsync(StaffStep by, string? studentNumber, RequestKind kind, RequesterRole requester, string? guardian, string? objectedPurpose, CancellationToken cancellationToken)
    {
        ReaderType? purpose = null;
        if (kind == RequestKind.Objection)
        {
            purpose = ReaderTypes.TryParse(objectedPurpose, out var chosen) ? chosen : throw new DataSubjectException("An objection names the purpose objected to (gate, bus or library).");
        }
        guardian = string.IsNullOrWhiteSpace(guardian) || requester != RequesterRole.Guardian ? null : guardian.Trim();
        var request = await requests.OpenAsync((studentNumber ?? "").Trim(), kind, requester, guardian, purpose, cancellationToken);
        await AttributeAsync(by, request.Id, "opened", cancellationToken);
        return request;
    }

    public async Task<SubjectRequest> VerifyAsync(StaffStep by, long requestId, string? method, CancellationToken cancellationToken)
    {
        var request = await requests.VerifyAsync(requestId, method ?? "", by.UserName, cancellationToken);
        await AttributeAsync(by, request.Id, "identity verification recorded", cancellationToken);
        return request;
    }

    public async Task<SubjectRequest> ExtendAsync(StaffStep by, long requestId, int days, string? reason, CancellationToken cancellationToken)
    {
        var request = await requests.ExtendAsync(requestId, days, reason ?? "", cancellationToken);
        await AttributeAsync(by, request.Id, "deadline extended", cancellationToken);
        return request;
    }

    public async Task<SubjectExportDocument> ExportAsync(StaffStep by, long requestId, CancellationToken cancellationToken)
    {
        await RequireVerifiedAsync(requestId, cancellationToken);
        var document = await exporter.ExportAsync(requestId, cancellationToken);
        await AttributeAsync(by, requestId, "copy downloaded", cancellationToken);
        return document;
    }

    public async Task<ErasureResult> EraseAsync(StaffStep by, long requestId, string? confirmation, CancellationToken cancellationToken)
    {
        // Erasure cannot be undone: the DPO types the request number to show it is the one meant.
        RequireConfirmation(requestId, confirmation, "erase");
        await RequireVerifiedAsync(requestId, cancellationToken);
        var erasure = await eraser.EraseAsync(requestId, cancellationToken);
        await AttributeAsync(by, requestId, "erasure carried out", cancellationToken);
        return erasure;
    }

    public async Task<SubjectRequest> RefuseAsync(StaffStep by, long requestId, string? reason, string? confirmation, CancellationToken cancellationToken)
    {
        // A refusal ends the request for good; repeated or manifestly unfounded requests need not be verified first.
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DataSubjectException("A refusal needs its reason (manifestly unfounded, or excessive such as repeated), which the person is told.");
        }
        RequireConfirmation(requestId, confirmation, "refuse");
        var request = await requests.RefuseAsync(requestId, reason, cancellationToken);
        await AttributeAsync(by, requestId, "refusal recorded", cancellationToken);
        return request;
    }

    public async Task<SubjectRequest> RectifyAsync(StaffStep by, long requestId, Rectification change, CancellationToken cancellationToken)
    {
        await RequireVerifiedAsync(requestId, cancellationToken);
        var request = await actions.RectifyAsync(requestId, change, cancellationToken);
        await AttributeAsync(by, requestId, "rectification carried out", cancellationToken);
        return request;
    }

    public async Task<SubjectRequest> RestrictAsync(StaffStep by, long requestId, CancellationToken cancellationToken)
    {
        await RequireVerifiedAsync(requestId, cancellationToken);
        var request = await actions.RestrictAsync(requestId, cancellationToken);
        await AttributeAsync(by, requestId, "restriction carried out", cancellationToken);
        return request;
    }

    public async Task<int> LiftRestrictionAsync(StaffStep by, long requestId, CancellationToken cancellationToken)
    {
        var restored = await actions.LiftRestrictionAsync(requestId, cancellationToken);
        await AttributeAsync(by, requestId, "restriction lifted", cancellationToken);
        return restored;
    }

    public async Task<SubjectRequest> ObjectAsync(StaffStep by, long requestId, string? confirmation, CancellationToken cancellationToken)
    {
        // The purpose's grant and passages are deleted for good: typed confirmation, as for an erasure.
        RequireConfirmation(requestId, confirmation, "uphold the objection");
        await RequireVerifiedAsync(requestId, cancellationToken);
        var request = await actions.ObjectAsync(requestId, cancellationToken);
        await AttributeAsync(by, requestId, "objection upheld", cancellationToken);
        return request;
    }

    public async Task<SubjectRequest> NotifyAsync(StaffStep by, long requestId, string? channel, CancellationToken cancellationToken)
    {
        var request = await requests.NotifyAsync(requestId, channel ?? "", cancellationToken);
        await AttributeAsync(by, requestId, "notification recorded", cancellationToken);
        return request;
    }

    /// <summary>
    /// The services refuse an unverified answer too; checking first gives wording for the page and the API
    /// instead of the services' own.
    /// </summary>
    private async Task RequireVerifiedAsync(long requestId, CancellationToken cancellationToken)
    {
        var request = await requests.GetAsync(requestId, cancellationToken);
        if (request.Status == RequestStatus.Received)
        {
            throw new DataSubjectException(
                $"Request {requestId}'s identity verification is not recorded yet: record how the requester's identity was checked before answering.");
        }
    }

    private static void RequireConfirmation(long requestId, string? confirmation, string what)
    {
        if ((confirmation ?? "").Trim() != requestId.ToString(CultureInfo.InvariantCulture))
        {
            throw new DataSubjectException($"Type the request number ({requestId}) in the confirmation field to {what}.");
        }
    }

    /// <summary>The services record the step under the DPO role; this entry names the staff account that took it (never the person).</summary>
    private Task AttributeAsync(StaffStep by, long requestId, string step, CancellationToken cancellationToken) =>
        audit.RecordAsync(by.UserName, AuditActions.SubjectRequest, $"subject request {requestId}", $"{step} {by.Via}", cancellationToken);
}

/// <summary>Who takes a step (the signed-in staff account) and where, for the audit log: "on the admin page", "through the admin API".</summary>
public sealed record StaffStep(string UserName, string Via)
{
    public static StaffStep OnPage(string userName) => new(userName, "on the admin page");

    public static StaffStep ThroughApi(string userName) => new(userName, "through the admin API");
}
