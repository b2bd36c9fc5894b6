using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Breaches;

/// <summary>
/// The DPO's register of personal-data breaches (GDPR Art. 33(5)): a breach recorded with its facts, effects and
/// measures, updated as more is known, the supervisory authority's notification (or the reasons for its delay), the
/// decision on telling the pupils and when they were told, and its closing. Each step is checked first, so a refusal
/// changes nothing, and then goes on the audit chain under the breach's id with the staff account that took it.
/// </summary>
public sealed class BreachRegister(IDbContextFactory<VaultDbContext> vaults, BreachClock clock, AuditLog audit)
{
    public const int MaxText = 2000;
    public const int MaxShortText = 1000;
    public const int MaxReference = 200;

    public async Task<Breach> RecordAsync(StaffStep by, BreachReport report, CancellationToken cancellationToken = default)
    {
        var facts = Check(report);
        var now = clock.Now;
        var breach = new Breach
        {
            Description = facts.Description,
            DataCategories = facts.DataCategories,
            RecordedAt = now,
            RecordedBy = by.UserName,
        };
        facts.ApplyTo(breach);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        vault.Breaches.Add(breach);
        await vault.SaveChangesAsync(cancellationToken);
        await RecordAsync(by, breach, BreachActions.Recorded,
            $"recorded ({Word(breach.Risk)} risk, found {clock.Show(breach.DiscoveredAt)}): {facts.Description}", cancellationToken);
        return breach;
    }

    /// <summary>Replaces the breach's facts with the report's (Art. 33(4): information given in phases), naming the fields changed and why.</summary>
    public Task<Breach> UpdateAsync(StaffStep by, long breachId, BreachReport report, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, breachId, BreachActions.Updated, breach =>
        {
            var reason = Required(report.Reason, "An update needs its reason, e.g. \"the number of pupils is now known\".", MaxShortText, "reason");
            var facts = Check(report);
            var before = Snapshot(breach);
            breach.Description = facts.Description;
            breach.DataCategories = facts.DataCategories;
            facts.ApplyTo(breach);
            var changed = before.Zip(Snapshot(breach)).Where(p => p.First.Value != p.Second.Value).Select(p => p.First.Name).ToList();
            if (changed.Count == 0)
            {
                throw new BreachException($"Breach {breachId}: nothing differs from what is recorded; change a field to update it.");
            }
            return $"updated {string.Join(", ", changed)}: {reason}";
        }, cancellationToken);

    /// <summary>Records that the supervisory authority was notified; past the 72 hours only with the reasons for the delay.</summary>
    public Task<Breach> NotifyAuthorityAsync(StaffStep by, long breachId, DateTimeOffset? at, string? reference, string? delayReason, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, breachId, BreachActions.AuthorityNotified, breach =>
        {
            var what = Required(reference, "The notification needs the authority's case number or how it was sent, e.g. \"online form, case 2026-114\".", MaxReference, "reference");
            if (breach.AuthorityNotifiedAt is { } done)
            {
                throw new BreachException($"Breach {breachId}'s notification to the authority was already recorded ({clock.Show(done)}).");
            }
            var when = at ?? clock.Now;
            CheckPast(when, breach, "notification");
            var delay = Optional(delayReason, MaxShortText, "reasons for the delay");
            if (when > breach.AuthorityDueAt && delay is null && breach.DelayReason is null)
            {
                throw new BreachException($"Breach {breachId} is notified after the 72 hours (due {clock.Show(breach.AuthorityDueAt)}): give the reasons for the delay, which go with the notification.");
            }
            breach.AuthorityNotifiedAt = when;
            breach.AuthorityReference = what;
            if (delay is not null)
            {
                breach.DelayReason = Join(breach.DelayReason, delay);
            }
            return when > breach.AuthorityDueAt
                ? $"authority notified {clock.Show(when)} ({what}), late; reasons for the delay: {breach.DelayReason}"
                : $"authority notified {clock.Show(when)} ({what})";
        }, cancellationToken);

    /// <summary>Records why the authority is not notified yet (Art. 33(1)); the deadline stays flagged until it is.</summary>
    public Task<Breach> RecordDelayAsync(StaffStep by, long breachId, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, breachId, BreachActions.Delayed, breach =>
        {
            var why = Required(reason, "Give the reasons the notification is delayed, e.g. \"the extent is still being established with the reader's supplier\".", MaxShortText, "reasons");
            if (breach.AuthorityNotifiedAt is not null)
            {
                throw new BreachException($"Breach {breachId}'s authority was already notified; a delay is recorded with the notification.");
            }
            breach.DelayReason = Join(breach.DelayReason, why);
            return $"reasons for delaying the notification: {why}";
        }, cancellationToken);

    /// <summary>Records whether the pupils (or guardians) are to be told, and why; changeable until they are told.</summary>
    public Task<Breach> DecideAsync(StaffStep by, long breachId, bool? inform, string? reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, breachId, BreachActions.Decided, breach =>
        {
            var choice = inform ?? throw new BreachException("Choose whether the pupils or their guardians are told.");
            var why = Required(reason, choice
                ? "The decision needs its reason, e.g. \"high risk: pseudonyms and times of passages readable on a stolen reader\"."
                : "A decision not to tell the pupils needs its reason, e.g. the Art. 34(3) ground that applies.", MaxShortText, "reason");
            if (breach.PupilsInformedAt is not null)
            {
                throw new BreachException($"Breach {breachId}'s pupils were already told; the decision stands as recorded.");
            }
            breach.InformPupils = choice;
            breach.InformDecisionReason = why;
            breach.InformDecidedAt = clock.Now;
            return $"decided the pupils are {(choice ? "" : "not ")}to be told: {why}";
        }, cancellationToken);

    public Task<Breach> RecordInformedAsync(StaffStep by, long breachId, DateTimeOffset? at, string? channel, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, breachId, BreachActions.PupilsInformed, breach =>
        {
            var how = Required(channel, "Say how the pupils or guardians were told, e.g. \"letter to each guardian\".", MaxReference, "channel");
            if (breach.InformPupils != true)
            {
                throw new BreachException($"Breach {breachId} has no decision to tell the pupils; record the decision first.");
            }
            if (breach.PupilsInformedAt is { } done)
            {
                throw new BreachException($"Breach {breachId}'s pupils were already recorded as told ({clock.Show(done)}).");
            }
            var when = at ?? clock.Now;
            CheckPast(when, breach, "time the pupils were told");
            breach.PupilsInformedAt = when;
            breach.PupilsInformedChannel = how;
            return $"pupils told {clock.Show(when)} by {how}";
        }, cancellationToken);

    /// <summary>Closes a breach whose notification, decision and pupils are settled; no step follows.</summary>
    public async Task<Breach> CloseAsync(StaffStep by, long breachId, string? note, CancellationToken cancellationToken = default)
    {
        var standing = await GetAsync(breachId, cancellationToken);
        var problem = standing switch
        {
            { AuthorityPending: true } => "the supervisory authority's notification is not recorded",
            { DecisionOwed: true } => "the decision on telling the pupils is not recorded",
            { PupilsOwed: true } => "the pupils are to be told and that is not recorded",
            { ProposalPending: true } => "proposed pupils await confirmation",
            _ => null,
        };
        if (problem is not null && standing.IsOpen)
        {
            throw new BreachException($"Breach {breachId} cannot be closed yet: {problem}.");
        }
        return await ChangeAsync(by, breachId, BreachActions.Closed, breach =>
        {
            var why = Required(note, "Closing needs a note, e.g. \"reader replaced, keys rotated, no further risk\".", MaxShortText, "note");
            breach.ClosedAt = clock.Now;
            breach.ClosingNote = why;
            return $"closed: {why}";
        }, cancellationToken);
    }

    /// <summary>Every breach with where it stands: overdue first, then due soon, then anything owed, newest first within each.</summary>
    public async Task<IReadOnlyList<BreachStanding>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var breaches = await vault.Breaches.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await vault.BreachPupils.AsNoTracking()
            .GroupBy(p => new { p.BreachId, p.Confirmed })
            .Select(g => new { g.Key.BreachId, g.Key.Confirmed, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var now = clock.Now;
        return [.. breaches
            .Select(b => new BreachStanding(b, now,
                counts.Where(c => c.BreachId == b.Id && !c.Confirmed).Sum(c => c.Count),
                counts.Where(c => c.BreachId == b.Id && c.Confirmed).Sum(c => c.Count), clock))
            .OrderBy(s => s.Urgency).ThenByDescending(s => s.Breach.Id)];
    }

    public async Task<BreachStanding> GetAsync(long breachId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var breach = await vault.Breaches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == breachId, cancellationToken) ?? throw Unknown(breachId);
        var proposed = await vault.BreachPupils.CountAsync(p => p.BreachId == breachId && !p.Confirmed, cancellationToken);
        var confirmed = await vault.BreachPupils.CountAsync(p => p.BreachId == breachId && p.Confirmed, cancellationToken);
        return new BreachStanding(breach, clock.Now, proposed, confirmed, clock);
    }

    /// <summary>The pupils proposed for and attached to a breach, by student number; names are not shown here.</summary>
    public async Task<IReadOnlyList<BreachPupilView>> PupilsAsync(long breachId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        return await (
            from link in vault.BreachPupils.AsNoTracking()
            join student in vault.Students.AsNoTracking() on link.StudentId equals student.Id
            where link.BreachId == breachId
            orderby student.School, student.ClassName, student.StudentNumber
            select new BreachPupilView(student.Id, student.StudentNumber, student.School, student.ClassName, link.Confirmed)).ToListAsync(cancellationToken);
    }

    public static string Word(BreachRisk risk) => risk.ToString().ToLowerInvariant();

    /// <summary>The risk as a heading says it: "risk unlikely", "risk", "high risk".</summary>
    public static string Words(BreachRisk risk) => risk switch
    {
        BreachRisk.Unlikely => "risk unlikely",
        BreachRisk.High => "high risk",
        _ => "risk",
    };

    public static BreachException Unknown(long breachId) => new($"There is no breach {breachId} in the register.", unknownBreach: true);

    /// <summary>Appends an entry on the audit chain: the staff account, the step, the breach id, and what was done (never a person's name).</summary>
    public Task RecordAsync(StaffStep by, Breach breach, string action, string what, CancellationToken cancellationToken)
    {
        var reason = $"{what} ({by.Via})";
        return audit.RecordAsync(by.UserName, action, breach.AuditSubject, reason.Length <= AuditLog.MaxReasonLength ? reason : reason[..(AuditLog.MaxReasonLength - 1)] + "…", cancellationToken);
    }

    /// <summary>Loads the breach, applies a checked change (which throws to refuse, before anything is saved), saves and audits it.</summary>
    public Task<Breach> ChangeAsync(StaffStep by, long breachId, string action, Func<Breach, string> change, CancellationToken cancellationToken) =>
        ChangeAsync(by, breachId, action, (_, breach, _) => Task.FromResult(change(breach)), cancellationToken);

    /// <summary>As above, for a change that also touches the breach's pupils in the same vault context (saved together).</summary>
    public async Task<Breach> ChangeAsync(
        StaffStep by, long breachId, string action, Func<VaultDbContext, Breach, CancellationToken, Task<string>> change, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var breach = await vault.Breaches.SingleOrDefaultAsync(b => b.Id == breachId, cancellationToken) ?? throw Unknown(breachId);
        if (breach.ClosedAt is { } closed)
        {
            throw new BreachException($"Breach {breachId} was closed on {clock.Show(closed)}; record a new breach if something more happened.");
        }
        var what = await change(vault, breach, cancellationToken);
        await vault.SaveChangesAsync(cancellationToken);
        await RecordAsync(by, breach, action, what, cancellationToken);
        return breach;
    }

    private BreachFacts Check(BreachReport report)
    {
        var description = Required(report.Description, "Describe what happened: the description is empty.", MaxText, "description");
        var categories = Required(report.DataCategories, "Name the categories of personal data concerned, e.g. \"gate passages: pseudonym, time, reader\".", MaxShortText, "categories of data");
        var discovered = report.DiscoveredAt ?? throw new BreachException("Give when the breach was found: the 72 hours for notifying the authority run from then.");
        var now = clock.Now;
        if (discovered > now)
        {
            throw new BreachException($"The breach cannot have been found later than now ({clock.Show(now)}); check the date and time it was found.");
        }
        if (report.OccurredAt is { } occurred && occurred > discovered)
        {
            throw new BreachException($"The breach cannot have happened ({clock.Show(occurred)}) after it was found ({clock.Show(discovered)}); check both times.");
        }
        if (report.ApproximatePupils is < 0)
        {
            throw new BreachException("The approximate number of pupils cannot be negative; leave it empty while it is not known.");
        }
        if (report.ApproximateRecords is < 0)
        {
            throw new BreachException("The approximate number of records cannot be negative; leave it empty while it is not known.");
        }
        var risk = Enum.TryParse<BreachRisk>(report.Risk?.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(report.Risk, out _)
            ? parsed
            : throw new BreachException("The risk to the pupils is unlikely, risk or high.");
        return new BreachFacts(description, categories, report.OccurredAt, discovered, report.ApproximatePupils, report.ApproximateRecords,
            Optional(report.Consequences, MaxText, "likely consequences"), Optional(report.Measures, MaxText, "measures"), risk);
    }

    private void CheckPast(DateTimeOffset when, Breach breach, string what)
    {
        if (when > clock.Now)
        {
            throw new BreachException($"The {what} cannot be later than now ({clock.Show(clock.Now)}).");
        }
        if (when < breach.DiscoveredAt)
        {
            throw new BreachException($"The {what} cannot be before the breach was found ({clock.Show(breach.DiscoveredAt)}).");
        }
    }

    private static (string Name, string? Value)[] Snapshot(Breach b) =>
    [
        ("description", b.Description), ("time it happened", b.OccurredAt?.UtcTicks.ToString()), ("time it was found", b.DiscoveredAt.UtcTicks.ToString()),
        ("categories of data", b.DataCategories), ("number of pupils", b.ApproximatePupils?.ToString()), ("number of records", b.ApproximateRecords?.ToString()),
        ("consequences", b.Consequences), ("measures", b.Measures), ("risk", Word(b.Risk)),
    ];

    private static string Join(string? before, string more) => before is null ? more : $"{before}; {more}";

    private static string Required(string? value, string message, int max, string what) =>
        Optional(value, max, what) ?? throw new BreachException(message);

    private static string? Optional(string? value, int max, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        return trimmed.Length <= max ? trimmed : throw new BreachException($"The {what} may be at most {max} characters.");
    }

    /// <summary>A report's checked facts.</summary>
    private sealed record BreachFacts(
        string Description, string DataCategories, DateTimeOffset? OccurredAt, DateTimeOffset DiscoveredAt, int? ApproximatePupils, int? ApproximateRecords,
        string? Consequences, string? Measures, BreachRisk Risk)
    {
        public void ApplyTo(Breach breach)
        {
            breach.OccurredAt = OccurredAt;
            breach.DiscoveredAt = DiscoveredAt;
            breach.AuthorityDueAt = DiscoveredAt + BreachDeadlines.Authority;
            breach.ApproximatePupils = ApproximatePupils;
            breach.ApproximateRecords = ApproximateRecords;
            breach.Consequences = Consequences;
            breach.Measures = Measures;
            breach.Risk = Risk;
        }
    }
}
