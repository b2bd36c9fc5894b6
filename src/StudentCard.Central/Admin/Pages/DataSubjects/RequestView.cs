using System.Globalization;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pages.DataSubjects;

/// <summary>
/// One request as the DPO's page shows it: its state, the answer and notification deadlines with how
/// much time is left (or that they were missed), and whether the pupil already had this year's free copy.
/// </summary>
public sealed record RequestView(SubjectRequest Request, DateTimeOffset Now, SubjectRequest? EarlierFreeCopy, DateTimeOffset? RestrictedSince)
{
    public bool IsOpen => Request.Status is RequestStatus.Received or RequestStatus.Verified;

    public bool IsVerified => Request.Status == RequestStatus.Verified;

    /// <summary>The service's rule: extension days left, and still within the first month.</summary>
    public bool CanExtend => IsOpen && Request.ExtensionDays < RequestDeadlines.MaxExtensionDays && Now <= Request.ReceivedAt + RequestDeadlines.Answer;

    public bool AnswerOverdue => IsOpen && Now > Request.DueAt;

    public bool AwaitsNotification => Request.NotificationDueAt is not null && Request.NotifiedAt is null;

    public bool NotificationOverdue => AwaitsNotification && Now > Request.NotificationDueAt;

    public bool NeedsAttention => IsOpen || AwaitsNotification;

    public bool IsCopy => Request.Kind is RequestKind.Access or RequestKind.Portability;

    /// <summary>A completed restriction whose pupil is still restricted: the DPO may lift it.</summary>
    public bool RestrictionInForce => Request.Kind == RequestKind.Restriction && Request.Status == RequestStatus.Completed && RestrictedSince is not null;

    public string Answer
    {
        get
        {
            if (IsOpen)
            {
                return AnswerOverdue
                    ? $"due {Date(Request.DueAt)}: overdue by {Days(Now - Request.DueAt)}"
                    : $"due {Date(Request.DueAt)} ({Days(Request.DueAt - Now)} left)";
            }
            var closedAt = Request.CompletedAt ?? Request.RefusedAt;
            if (closedAt is not { } closed)
            {
                return $"due {Date(Request.DueAt)}";
            }
            var verb = Request.Status == RequestStatus.Refused ? "refused" : "answered";
            return closed <= Request.DueAt
                ? $"{verb} {Date(closed)}, within the deadline of {Date(Request.DueAt)}"
                : $"{verb} {Date(closed)}, {Days(closed - Request.DueAt)} after the deadline of {Date(Request.DueAt)}";
        }
    }

    public string? Notification
    {
        get
        {
            if (Request.NotificationDueAt is not { } due)
            {
                return null;
            }
            if (Request.NotifiedAt is { } notified)
            {
                return $"told {Date(notified)} by {Request.NotificationChannel}{(notified > due ? $", late (was due {Date(due)})" : $" (due {Date(due)})")}";
            }
            return NotificationOverdue
                ? $"due {Date(due)}: overdue by {Days(Now - due)}"
                : $"due {Date(due)} ({Days(due - Now)} left)";
        }
    }

    public string Verification => Request.VerifiedAt is { } at
        ? $"verified {Date(at)} by {Request.VerifiedBy}: {Request.VerificationMethod}"
        : IsOpen ? "not verified yet: no answer runs before the requester's identity is checked" : "never verified";

    /// <summary>For a copy: whether it is (or was) the calendar year's free one, as far as the requests show.</summary>
    public string? Copy
    {
        get
        {
            if (!IsCopy)
            {
                return null;
            }
            if (Request.FreeCopy is { } free)
            {
                return free ? "the free copy of its year" : "a further copy in its year (a reasonable fee may apply)";
            }
            if (!IsOpen)
            {
                return null;
            }
            return EarlierFreeCopy is { } earlier
                ? $"the person already had a copy this calendar year (request {earlier.Id}, {Date(earlier.CompletedAt!.Value)}): a further copy may carry a reasonable fee, and a repeated request may be refused"
                : "no copy given this calendar year: the next one is free";
        }
    }

    public string? Restriction => Request.Kind == RequestKind.Restriction && Request.Status == RequestStatus.Completed
        ? RestrictedSince is { } since ? $"in force since {Date(since)}" : "lifted (or the pupil was erased)"
        : null;

    /// <summary>Builds the views of a list, each copy request knowing the pupil's earlier copy of the same calendar year.</summary>
    public static IReadOnlyList<RequestView> Of(IReadOnlyList<SubjectRequest> requests, DateTimeOffset now, IReadOnlyDictionary<long, DateTimeOffset> restricted) =>
        [.. requests.Select(r => new RequestView(r, now, EarlierCopy(requests, r, now), r.StudentId is { } id && restricted.TryGetValue(id, out var since) ? since : null))];

    private static SubjectRequest? EarlierCopy(IReadOnlyList<SubjectRequest> requests, SubjectRequest request, DateTimeOffset now)
    {
        if (request.StudentId is null || request.Kind is not (RequestKind.Access or RequestKind.Portability))
        {
            return null;
        }
        // The exporter's rule: any other copy completed in this calendar year (UTC) uses up the free one.
        var yearStart = new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return requests.Where(r => r.Id != request.Id && r.StudentId == request.StudentId && r.Kind is RequestKind.Access or RequestKind.Portability
                && r.Status == RequestStatus.Completed && r.CompletedAt >= yearStart)
            .OrderBy(r => r.CompletedAt).FirstOrDefault();
    }

    private static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Whole days, rounded up, at least one: a deadline missed by an hour is a day late, and one due in an hour has a day left.</summary>
    private static string Days(TimeSpan span)
    {
        var days = Math.Max(1, (int)Math.Ceiling(span.TotalDays));
        return days == 1 ? "1 day" : $"{days} days";
    }
}
