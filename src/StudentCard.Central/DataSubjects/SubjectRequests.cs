using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// A data-subject request's lifecycle: opened (checking who may act at the pupil's age), identity
/// verified, deadline extended with a reason, refused with a reason, answered by one of the actions,
/// and the person's notification recorded. Every step goes on the audit chain under the request id.
/// </summary>
public sealed class SubjectRequests(
    IDbContextFactory<VaultDbContext> vaults,
    IOptions<DataSubjectOptions> options,
    TimeProvider time,
    AuditLog audit)
{
    public async Task<SubjectRequest> OpenAsync(
        string studentNumber, RequestKind kind, RequesterRole requester, string? guardianSourcedId = null, ReaderType? purpose = null,
        CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var student = await vault.Students.AsNoTracking().SingleOrDefaultAsync(s => s.StudentNumber == studentNumber, cancellationToken)
            ?? throw new DataSubjectException("No pupil with this student number is in the vault; check the number (dsr list shows open requests).");
        var now = time.GetUtcNow();
        long? guardianId = null;
        if (requester == RequesterRole.Student)
        {
            CheckStudentMayAct(student, now);
        }
        else if (guardianSourcedId is not null)
        {
            guardianId = await (
                from link in vault.StudentGuardians
                join guardian in vault.Guardians on link.GuardianId equals guardian.Id
                where link.StudentId == student.Id && guardian.SourcedId == guardianSourcedId
                select (long?)guardian.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new DataSubjectException("That guardian is not linked to this pupil in the vault; import the roster's guardian links or verify the guardian's authority by other means.");
        }
        if (kind == RequestKind.Objection && purpose is null)
        {
            throw new DataSubjectException("An objection names the purpose objected to (gate, bus or library).");
        }
        var request = new SubjectRequest
        {
            Kind = kind,
            StudentId = student.Id,
            Requester = requester,
            GuardianId = guardianId,
            Status = RequestStatus.Received,
            ReceivedAt = now,
            DueAt = now + RequestDeadlines.Answer,
            Purpose = kind == RequestKind.Objection ? purpose : null,
        };
        vault.SubjectRequests.Add(request);
        await vault.SaveChangesAsync(cancellationToken);
        await RecordAsync(request, $"{Word(kind)} request received from the {Word(requester)}; due {request.DueAt:yyyy-MM-dd}", cancellationToken);
        return request;
    }

    /// <summary>Records how the requester's identity (and a guardian's authority) was checked; no action runs before it.</summary>
    public Task<SubjectRequest> VerifyAsync(long requestId, string method, string verifiedBy, CancellationToken cancellationToken = default) =>
        ChangeAsync(requestId, request =>
        {
            Require(method, "The verification needs the method used, e.g. \"ID card seen at the school office\".");
            Require(verifiedBy, "The verification needs the name of the staff account that checked it.");
            if (request.Status != RequestStatus.Received)
            {
                throw new DataSubjectException($"Request {request.Id} is {Word(request.Status)}; only a received request is verified.");
            }
            request.Status = RequestStatus.Verified;
            request.VerifiedAt = time.GetUtcNow();
            request.VerificationMethod = method.Trim();
            request.VerifiedBy = verifiedBy.Trim();
            return "identity verified";
        }, cancellationToken);

    /// <summary>Extends the deadline (at most two months in all) with the reason given to the person; only before the first month runs out.</summary>
    public Task<SubjectRequest> ExtendAsync(long requestId, int days, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(requestId, request =>
        {
            Require(reason, "An extension needs its reason (the request's complexity or number), which the person is told.");
            RequireOpen(request);
            var now = time.GetUtcNow();
            if (now > request.ReceivedAt + RequestDeadlines.Answer)
            {
                throw new DataSubjectException($"Request {request.Id}'s first month has passed; an extension must be decided and told within it.");
            }
            if (days < 1 || request.ExtensionDays + days > RequestDeadlines.MaxExtensionDays)
            {
                throw new DataSubjectException(
                    $"Request {request.Id} can be extended by 1 to {RequestDeadlines.MaxExtensionDays - request.ExtensionDays} more days (two months in all).");
            }
            request.ExtensionDays += days;
            request.ExtensionReason = request.ExtensionReason is null ? reason.Trim() : $"{request.ExtensionReason}; {reason.Trim()}";
            request.DueAt = request.ReceivedAt + RequestDeadlines.Answer + TimeSpan.FromDays(request.ExtensionDays);
            return $"deadline extended by {days} days to {request.DueAt:yyyy-MM-dd}: {reason.Trim()}";
        }, cancellationToken);

    /// <summary>Refuses a manifestly unfounded or excessive (e.g. repeated) request, keeping the reason (Art. 12(5)).</summary>
    public Task<SubjectRequest> RefuseAsync(long requestId, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(requestId, request =>
        {
            Require(reason, "A refusal needs its reason (manifestly unfounded, or excessive such as repeated), which the person is told.");
            RequireOpen(request);
            request.Status = RequestStatus.Refused;
            request.RefusedAt = time.GetUtcNow();
            request.RefusalReason = reason.Trim();
            return $"refused: {reason.Trim()}";
        }, cancellationToken);

    /// <summary>Records that the person was told of the rectification, erasure, restriction or objection carried out.</summary>
    public Task<SubjectRequest> NotifyAsync(long requestId, string channel, CancellationToken cancellationToken = default) =>
        ChangeAsync(requestId, request =>
        {
            Require(channel, "The notification needs its channel, e.g. \"letter to the guardian\".");
            if (request.Status != RequestStatus.Completed || request.NotificationDueAt is null)
            {
                throw new DataSubjectException($"Request {request.Id} has no completed rectification, erasure, restriction or objection to notify.");
            }
            if (request.NotifiedAt is not null)
            {
                throw new DataSubjectException($"Request {request.Id}'s notification was already recorded on {request.NotifiedAt:yyyy-MM-dd}.");
            }
            var now = time.GetUtcNow();
            request.NotifiedAt = now;
            request.NotificationChannel = channel.Trim();
            return now <= request.NotificationDueAt ? $"person notified ({channel.Trim()})" : $"person notified late ({channel.Trim()}), due {request.NotificationDueAt:yyyy-MM-dd}";
        }, cancellationToken);

    public async Task<IReadOnlyList<SubjectRequest>> ListAsync(bool openOnly, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var query = vault.SubjectRequests.AsNoTracking();
        if (openOnly)
        {
            query = query.Where(r => r.Status == RequestStatus.Received || r.Status == RequestStatus.Verified
                || (r.NotificationDueAt != null && r.NotifiedAt == null));
        }
        return await query.OrderBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<SubjectRequest> GetAsync(long requestId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        return await vault.SubjectRequests.AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            ?? throw new DataSubjectException($"There is no request {requestId}; dsr list shows the requests.");
    }

    /// <summary>The request an action answers: of that kind, verified, still open, and about a pupil still in the vault.</summary>
    public static async Task<(SubjectRequest Request, Student Student)> ActionableAsync(VaultDbContext vault, long requestId, RequestKind[] kinds, CancellationToken cancellationToken)
    {
        var request = await vault.SubjectRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            ?? throw new DataSubjectException($"There is no request {requestId}; dsr list shows the requests.");
        if (!kinds.Contains(request.Kind))
        {
            throw new DataSubjectException($"Request {requestId} is {Article(request.Kind)} {Word(request.Kind)} request; open a request of the right kind.");
        }
        if (request.Status != RequestStatus.Verified)
        {
            throw new DataSubjectException(request.Status == RequestStatus.Received
                ? $"Request {requestId}'s identity verification is not recorded; run dsr verify first."
                : $"Request {requestId} is already {Word(request.Status)}.");
        }
        var student = request.StudentId is { } id ? await vault.Students.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
        return (request, student ?? throw new DataSubjectException($"Request {requestId}'s pupil is no longer in the vault (erased)."));
    }

    /// <summary>Marks a request answered; a change to the person's data must be told to them within 5 days.</summary>
    public static void Complete(SubjectRequest request, string outcome, DateTimeOffset now)
    {
        request.Status = RequestStatus.Completed;
        request.CompletedAt = now;
        request.Outcome = outcome.Length <= 2000 ? outcome : outcome[..2000];
        if (RequestDeadlines.NeedsNotification(request.Kind))
        {
            request.NotificationDueAt = now + RequestDeadlines.Notification;
        }
    }

    public Task RecordAsync(SubjectRequest request, string what, CancellationToken cancellationToken) =>
        audit.RecordAsync("dpo", AuditActions.SubjectRequest, request.AuditSubject, what.Length <= AuditLog.MaxReasonLength ? what : what[..AuditLog.MaxReasonLength], cancellationToken);

    public static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Article(RequestKind kind) => kind is RequestKind.Access or RequestKind.Erasure or RequestKind.Objection ? "an" : "a";

    private void CheckStudentMayAct(Student student, DateTimeOffset now)
    {
        var settings = options.Value;
        var age = settings.AgeOfConsent;
        var where = settings.Country.Length > 0 ? settings.Country.ToUpperInvariant() : "the default setting";
        var birthYear = student.BirthYear;
        if (birthYear == Student.UnknownBirthYear)
        {
            throw new DataSubjectException(
                "The pupil's birth year is not in the vault, so their age of digital consent cannot be checked: a guardian acts for them (requester guardian), or record the birth year by a rectification first.");
        }
        // With the birth year alone the pupil may not have had this year's birthday yet: the lower age decides.
        var youngestAge = now.Year - birthYear - 1;
        if (youngestAge < age)
        {
            throw new DataSubjectException($"The pupil may be under {age}, the age of digital consent in {where}; a guardian acts for them (requester guardian).");
        }
    }

    private async Task<SubjectRequest> ChangeAsync(long requestId, Func<SubjectRequest, string> change, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var request = await vault.SubjectRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            ?? throw new DataSubjectException($"There is no request {requestId}; dsr list shows the requests.");
        var what = change(request);
        await vault.SaveChangesAsync(cancellationToken);
        await RecordAsync(request, what, cancellationToken);
        return request;
    }

    private static void RequireOpen(SubjectRequest request)
    {
        if (request.Status is RequestStatus.Completed or RequestStatus.Refused)
        {
            throw new DataSubjectException($"Request {request.Id} is already {Word(request.Status)}.");
        }
    }

    private static void Require(string? value, string message)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new DataSubjectException(message);
        }
    }
}
