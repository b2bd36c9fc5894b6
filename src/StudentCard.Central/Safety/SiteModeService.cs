using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Keys;
using StudentCard.Central.Messaging;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Safety;

/// <summary>
/// Lockdown, evacuation and their lifting for every gate reader of a site at once. Each command is
/// checked whole, recorded in the audit log, stored with a new sequence (so a restarted Central
/// repeats it and a reader never applies an older one after a newer), then published retained.
/// </summary>
public sealed class SiteModeService(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    IMqttPublisher mqtt,
    AuditLog audit,
    AccessPolicySource access,
    TimeProvider time,
    ILogger<SiteModeService> logger)
{
    public const int MaxOverrideStudents = 500;

    // One command at a time in this process, so two admins never hand out the same sequence.
    private readonly SemaphoreSlim _commands = new(1, 1);

    /// <summary>Denies everyone at the site's gates except the active cards of the named students (security staff, first responders).</summary>
    public Task<SiteModeOutcome> LockdownAsync(string site, IReadOnlyCollection<string> overrideStudentNumbers, string actor, string reason, CancellationToken cancellationToken = default) =>
        CommandAsync(site, SafetyMode.Lockdown, overrideStudentNumbers, actor, reason, SafetyActions.Lockdown, cancellationToken);

    /// <summary>Releases every gate of the site.</summary>
    public Task<SiteModeOutcome> EvacuateAsync(string site, string actor, string reason, CancellationToken cancellationToken = default) =>
        CommandAsync(site, SafetyMode.Evacuation, [], actor, reason, SafetyActions.Evacuation, cancellationToken);

    /// <summary>Ends a lockdown or evacuation: the site's gates decide by their allow-lists again.</summary>
    public Task<SiteModeOutcome> LiftAsync(string site, string actor, string reason, CancellationToken cancellationToken = default) =>
        CommandAsync(site, SafetyMode.Normal, [], actor, reason, SafetyActions.Lift, cancellationToken);

    /// <summary>Every stored site mode, for republishing after a start or a broker reconnection.</summary>
    public async Task<IReadOnlyList<SiteModeRecord>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        return await db.SiteModes.AsNoTracking().OrderBy(m => m.Site).ToListAsync(cancellationToken);
    }

    /// <summary>Publishes every stored site mode again (retained), so the broker's copy survives its own restart.</summary>
    public async Task<int> RepublishAllAsync(CancellationToken cancellationToken = default)
    {
        var published = 0;
        foreach (var record in await AllAsync(cancellationToken))
        {
            if (await mqtt.PublishAsync(SiteModeMessages.Retained(record), cancellationToken))
            {
                published++;
            }
        }
        return published;
    }

    private async Task<SiteModeOutcome> CommandAsync(
        string site, SafetyMode mode, IReadOnlyCollection<string> overrideStudentNumbers, string actor, string reason, string action, CancellationToken cancellationToken)
    {
        Validate(site, overrideStudentNumbers, actor, reason);
        await _commands.WaitAsync(cancellationToken);
        try
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            var record = await db.SiteModes.SingleOrDefaultAsync(m => m.Site == site, cancellationToken);
            RefuseUnknownSite(site, mode, record);
            var overrides = await OverridePseudonymsAsync(overrideStudentNumbers, cancellationToken);
            var now = time.GetUtcNow();
            var sequence = NextSequence(record?.Sequence ?? 0, now);
            // The audit entry comes before the change: a command that is in force is always on record.
            await audit.RecordAsync(actor, action, $"site {site}", $"{reason} (sequence {sequence}, {overrideStudentNumbers.Count} override students)", cancellationToken);
            if (record is null)
            {
                record = new SiteModeRecord { Site = site };
                db.SiteModes.Add(record);
            }
            record.Mode = mode;
            record.Override = string.Join(' ', overrides);
            record.Sequence = sequence;
            record.IssuedAt = now;
            await db.SaveChangesAsync(cancellationToken);

            var published = await mqtt.PublishAsync(SiteModeMessages.Retained(record), cancellationToken);
            if (published)
            {
                logger.LogWarning("Site {Site} is now in {Mode} mode (sequence {Sequence}, {Overrides} override pseudonyms)", site, mode, sequence, overrides.Count);
            }
            else
            {
                // Stored, so the client's reconnection (and the next start) sends it.
                logger.LogError("Site {Site} is now in {Mode} mode (sequence {Sequence}) but the broker is unreachable; it is sent on reconnection", site, mode, sequence);
            }
            return new SiteModeOutcome(site, mode, sequence, overrides.Count, published);
        }
        finally
        {
            _commands.Release();
        }
    }

    /// <summary>
    /// Strictly increasing per site, and at least the issue time in milliseconds: should the store ever be
    /// restored from an older copy, the next command still outranks whatever the readers last applied. A previous
    /// sequence further ahead of now than readers accept (<see cref="CommandSignature.MaxSequenceLead"/>, after a clock
    /// set far ahead) was refused by every reader, so counting on from it would make every later command refused too:
    /// the issue time takes over.
    /// </summary>
    internal static long NextSequence(long previous, DateTimeOffset now)
    {
        var issued = now.ToUnixTimeMilliseconds();
        return previous >= issued + (long)CommandSignature.MaxSequenceLead.TotalMilliseconds ? issued : Math.Max(previous + 1, issued);
    }

    /// <summary>
    /// With sites in the calendar, a command must name one of them: a mistyped site would be stored and reach no
    /// reader while the command line reported success. A site that is no longer configured can still be lifted.
    /// </summary>
    private void RefuseUnknownSite(string site, SafetyMode mode, SiteModeRecord? record)
    {
        var sites = access.Policy.Sites;
        if (sites.Count == 0 || access.Policy.FindSite(site) is not null || (mode == SafetyMode.Normal && record is not null))
        {
            return;
        }
        throw new SiteModeException($"No site '{site}' is configured; the sites are: {string.Join(", ", sites.Select(s => s.Name).Order())}. Nothing was sent.");
    }

    private static void Validate(string site, IReadOnlyCollection<string> overrideStudentNumbers, string actor, string reason)
    {
        if (!Identifier.IsValid(site))
        {
            throw new SiteModeException($"The site must be {Identifier.Rule}.");
        }
        if (string.IsNullOrWhiteSpace(actor) || actor.Length > AuditLog.MaxActorLength)
        {
            throw new SiteModeException($"A safety command needs the acting admin (1-{AuditLog.MaxActorLength} characters).");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > AuditLog.MaxReasonLength - 100)
        {
            throw new SiteModeException($"A safety command needs a reason (1-{AuditLog.MaxReasonLength - 100} characters).");
        }
        if (overrideStudentNumbers.Count > MaxOverrideStudents)
        {
            throw new SiteModeException($"An override list holds at most {MaxOverrideStudents} students.");
        }
        var position = 0;
        foreach (var number in overrideStudentNumbers)
        {
            position++;
            if (string.IsNullOrWhiteSpace(number))
            {
                throw new SiteModeException($"Override entry {position} is empty.");
            }
        }
    }

    /// <summary>
    /// The gate pseudonyms of the named students' issued cards under every gate key version held: during a
    /// key rotation some readers still derive with the old version. Unknown entries refuse the whole command.
    /// Errors name list positions only, so no identifier of a person reaches a message or a log.
    /// </summary>
    private async Task<List<string>> OverridePseudonymsAsync(IReadOnlyCollection<string> studentNumbers, CancellationToken cancellationToken)
    {
        if (studentNumbers.Count == 0)
        {
            return [];
        }
        var numbers = studentNumbers.Select(n => n.Trim()).ToList();
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var students = await vault.Students.AsNoTracking().Where(s => numbers.Contains(s.StudentNumber))
            .Select(s => new { s.Id, s.StudentNumber }).ToListAsync(cancellationToken);
        var ids = students.ToDictionary(s => s.StudentNumber, s => s.Id, StringComparer.Ordinal);
        var unknown = numbers.Select((n, i) => (n, i)).Where(e => !ids.ContainsKey(e.n)).Select(e => e.i + 1).ToList();
        if (unknown.Count > 0)
        {
            throw new SiteModeException($"Override {(unknown.Count == 1 ? "entry" : "entries")} {string.Join(", ", unknown)} of {numbers.Count} {(unknown.Count == 1 ? "is not an enrolled student number" : "are not enrolled student numbers")}; nothing was sent.");
        }
        var studentIds = ids.Values.ToList();
        var cards = await vault.Cards.AsNoTracking().Where(c => studentIds.Contains(c.StudentId) && c.Status == Vault.CardStatus.Issued)
            .Select(c => new { c.StudentId, c.CardToken }).ToListAsync(cancellationToken);
        var withoutCard = numbers.Select((n, i) => (n, i)).Where(e => cards.All(c => c.StudentId != ids[e.n])).Select(e => e.i + 1).ToList();
        if (withoutCard.Count > 0)
        {
            throw new SiteModeException($"Override {(withoutCard.Count == 1 ? "entry" : "entries")} {string.Join(", ", withoutCard)} of {numbers.Count} {(withoutCard.Count == 1 ? "has" : "have")} no active card; nothing was sent.");
        }
        // A rotation must not change the gate key versions while they are being derived.
        using var held = await keys.HoldChangesAsync(cancellationToken);
        return StudentPseudonyms.Of(cards.Select(c => c.CardToken), keys.Ring, ReaderType.Gate)
            .Select(p => p.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
