using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Audit;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Rights;

/// <summary>
/// Once, at the first start after the upgrade to access rules: rights given by enrollment grants before rules existed
/// (a <see cref="StudentPurpose"/> naming no rule) become the pupil's own rule (<see cref="AccessRule.PupilRuleName"/>,
/// a list naming only them) with the same period, places and schedule, so the next derivation keeps what the school gave.
/// Written as the upgrade found it, without the checks of a new rule: a place since renamed stays as it was given.
/// </summary>
public sealed class GrantConversion(IDbContextFactory<VaultDbContext> vaults, AuditLog audit, TimeProvider time, ILogger<GrantConversion> logger) : IHostedService
{
    /// <summary>The author the converted rules and their audit entries name.</summary>
    public const string Author = "upgrade";

    public async Task StartAsync(CancellationToken cancellationToken) => await ConvertAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Converts every right that names no rule; returns how many. Nothing to convert is the usual case and writes nothing.</summary>
    public async Task<int> ConvertAsync(CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        await using var transaction = await vault.Database.BeginTransactionAsync(cancellationToken);
        var granted = await (from right in vault.StudentPurposes
                             join student in vault.Students on right.StudentId equals student.Id
                             where right.Rules == ""
                             select new { Right = right, student.StudentNumber, student.School }).ToListAsync(cancellationToken);
        if (granted.Count == 0)
        {
            return 0;
        }
        var now = time.GetUtcNow();
        var rules = granted.Select(g => (g.Right, Rule: new AccessRule
        {
            School = g.School,
            Purpose = g.Right.Purpose,
            Name = AccessRule.PupilRuleName(g.StudentNumber),
            Population = RulePopulation.Pupils,
            Places = g.Right.Places,
            Schedule = g.Right.Schedule,
            ValidFrom = g.Right.ValidFrom,
            ValidUntil = g.Right.ValidUntil,
            ChangedBy = Author,
            ChangedAt = now,
        })).ToList();
        vault.AccessRules.AddRange(rules.Select(r => r.Rule));
        await vault.SaveChangesAsync(cancellationToken);
        // A pupil with several granted purposes gets one rule per purpose, each listing them once.
        vault.RuleExceptions.AddRange(rules.Select(r => new RuleException { RuleId = r.Rule.Id, StudentId = r.Right.StudentId, Kind = RuleExceptionKind.Member }));
        rules.ForEach(r => r.Right.Rules = r.Rule.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await vault.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (_, rule) in rules)
        {
            await audit.RecordAsync(Author, AuditActions.RuleChanged, $"rule {rule.Id} ({rule.Purpose.Name()}, {rule.School})",
                $"created from a right given at enrollment before access rules: valid {rule.ValidFrom:u} to {rule.ValidUntil:u}", cancellationToken);
        }
        logger.LogInformation("Converted {Count} rights given at enrollment into pupils' own access rules", rules.Count);
        return rules.Count;
    }
}
