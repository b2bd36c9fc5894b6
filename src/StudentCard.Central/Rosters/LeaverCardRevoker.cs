using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Revokes the issued cards of pupils who left the roster longer than <see cref="RosterLimits.LeaverGraceDays"/> ago,
/// through <see cref="EnrollmentService.RevokeCardAsync"/>, so readers learn it at once and the audit chain records each
/// card. A pupil a later import brought back within the grace is active again and keeps their cards. It checks at start
/// (catching up after downtime) and then every <see cref="CheckInterval"/>, so a card lives at most that much past its grace.
/// </summary>
public sealed class LeaverCardRevoker(
    IDbContextFactory<VaultDbContext> vaults,
    EnrollmentService enrollment,
    IOptions<RosterLimits> limits,
    TimeProvider time,
    ILogger<LeaverCardRevoker> logger,
    AuditLog? audit = null) : BackgroundService
{
    public const string AuditAction = "identity.leaver-cards-revoked";

    public static readonly TimeSpan CheckInterval = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim _revoking = new(1, 1);

    /// <summary>Revokes the cards whose grace is over; returns how many.</summary>
    public async Task<int> RevokeDueAsync(CancellationToken cancellationToken = default)
    {
        await _revoking.WaitAsync(cancellationToken);
        try
        {
            return await RevokeAsync(cancellationToken);
        }
        finally
        {
            _revoking.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting first.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RevokeDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Revoking leavers' cards failed; it is tried again in {Wait}", CheckInterval);
            }
            try
            {
                await Task.Delay(CheckInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> RevokeAsync(CancellationToken cancellationToken)
    {
        var grace = limits.Value.LeaverGrace;
        var cutoff = time.GetUtcNow() - grace;
        List<(long StudentId, DateTimeOffset LeftAt, string Token)> due;
        await using (var vault = await vaults.CreateDbContextAsync(cancellationToken))
        {
            // Deactivation times are compared in memory: SQLite cannot order DateTimeOffset values.
            var leavers = await vault.Students.AsNoTracking().Where(s => s.DeactivatedAt != null).Select(s => new { s.Id, s.DeactivatedAt }).ToListAsync(cancellationToken);
            var past = leavers.Where(s => s.DeactivatedAt <= cutoff).ToDictionary(s => s.Id, s => s.DeactivatedAt!.Value);
            var ids = past.Keys.ToList();
            due = (await vault.Cards.AsNoTracking().Where(c => ids.Contains(c.StudentId) && c.Status == CardStatus.Issued)
                    .Select(c => new { c.StudentId, c.CardToken }).ToListAsync(cancellationToken))
                .Select(c => (c.StudentId, past[c.StudentId], c.CardToken)).ToList();
        }
        var revoked = 0;
        foreach (var pupil in due.GroupBy(d => (d.StudentId, d.LeftAt)))
        {
            // An import may have brought the pupil back (or an erasure removed them) since the list was read.
            if (!await StillLeftAsync(pupil.Key.StudentId, pupil.Key.LeftAt, cancellationToken))
            {
                continue;
            }
            foreach (var card in pupil)
            {
                await enrollment.RevokeCardAsync(new CardToken(card.Token), CardStatus.Revoked, cancellationToken);
                revoked++;
            }
            logger.LogInformation("Revoked {Count} cards of vault student {StudentId}, who left the roster more than {Grace} ago", pupil.Count(), pupil.Key.StudentId, grace);
            if (audit is not null)
            {
                await audit.RecordAsync("roster", AuditAction, $"vault student {pupil.Key.StudentId}",
                    $"{pupil.Count()} issued cards revoked: left the roster on {pupil.Key.LeftAt:yyyy-MM-dd} (UTC) and the {limits.Value.LeaverGraceDays}-day grace is over", cancellationToken);
            }
        }
        return revoked;
    }

    private async Task<bool> StillLeftAsync(long studentId, DateTimeOffset leftAt, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var now = await vault.Students.AsNoTracking().Where(s => s.Id == studentId).Select(s => s.DeactivatedAt).SingleOrDefaultAsync(cancellationToken);
        return now == leftAt;
    }
}
