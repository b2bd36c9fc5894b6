using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Keys;
using StudentCard.Central.Retention;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// Answers an erasure request (GDPR Art. 17): the pupil's entitlements and passages of every purpose
/// under every key version held, then their identity, cards, grants and guardian links in the vault.
/// Both stores delete with secure_delete and are checkpointed, so the rows are gone from the database
/// and WAL files; the allow-list versions are bumped so readers drop the pseudonyms. What the law
/// keeps is listed with its reason.
/// </summary>
public sealed class SubjectEraser(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    IDbContextFactory<AuditDbContext> auditStores,
    CentralKeys keys,
    AllowListNotices notices,
    SubjectRequests requests,
    IOptions<RetentionOptions> retention,
    TimeProvider time,
    ILogger<SubjectEraser> logger)
{
    public async Task<ErasureResult> EraseAsync(long requestId, CancellationToken cancellationToken = default)
    {
        // No rotation may add a key version (and so a pseudonym) between finding the pseudonyms and deleting them.
        using var held = await keys.HoldChangesAsync(cancellationToken);
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var (request, student) = await SubjectRequests.ActionableAsync(vault, requestId, [RequestKind.Erasure], cancellationToken);
        var tokens = await vault.Cards.Where(c => c.StudentId == student.Id).Select(c => c.CardToken).ToListAsync(cancellationToken);
        var pseudonyms = StudentPseudonyms.Of(tokens, keys.Ring).Select(p => p.Value).ToList();

        // The purpose store first: should the vault step fail, the pupil has lost access and data, never kept it.
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        Dictionary<ReaderType, int> entitlements;
        Dictionary<ReaderType, int> passages;
        IReadOnlyDictionary<ReaderType, long> versions;
        await using (var transaction = await central.Database.BeginTransactionAsync(cancellationToken))
        {
            entitlements = await CountAsync(central.Entitlements.Where(e => pseudonyms.Contains(e.Pseudonym)).Select(e => e.Purpose), cancellationToken);
            passages = await CountAsync(central.Passages.Where(p => pseudonyms.Contains(p.Pseudonym)).Select(p => p.Purpose), cancellationToken);
            await central.Entitlements.Where(e => pseudonyms.Contains(e.Pseudonym)).ExecuteDeleteAsync(cancellationToken);
            await central.Passages.Where(p => pseudonyms.Contains(p.Pseudonym)).ExecuteDeleteAsync(cancellationToken);
            versions = await AllowListVersions.BumpAsync(central, entitlements.Keys, cancellationToken);
            await central.SaveChangesAsync(cancellationToken);
            // The journal of changes would otherwise keep the pseudonyms the deletes above just wrote to it.
            await AllowListJournal.ForgetAsync(central, pseudonyms, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        int cards, grants, guardians;
        var now = time.GetUtcNow();
        await using (var transaction = await vault.Database.BeginTransactionAsync(cancellationToken))
        {
            var guardianIds = await vault.StudentGuardians.Where(l => l.StudentId == student.Id).Select(l => l.GuardianId).ToListAsync(cancellationToken);
            await vault.SubjectRequests.Where(r => r.StudentId == student.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.StudentId, (long?)null), cancellationToken);
            await vault.StudentGuardians.Where(l => l.StudentId == student.Id).ExecuteDeleteAsync(cancellationToken);
            cards = await vault.Cards.Where(c => c.StudentId == student.Id).ExecuteDeleteAsync(cancellationToken);
            grants = await vault.StudentPurposes.Where(p => p.StudentId == student.Id).ExecuteDeleteAsync(cancellationToken);
            // The pupil's own rules are named by their student number, which must not outlive them.
            await AccessRule.OwnRulesOf(vault, student.Id).ExecuteDeleteAsync(cancellationToken);
            await vault.Students.Where(s => s.Id == student.Id).ExecuteDeleteAsync(cancellationToken);
            // A guardian who acts for no other pupil has no reason to stay in the vault.
            guardians = await vault.Guardians.Where(g => guardianIds.Contains(g.Id) && !vault.StudentGuardians.Any(l => l.GuardianId == g.Id))
                .ExecuteDeleteAsync(cancellationToken);
            request.StudentId = null;
            SubjectRequests.Complete(request,
                $"erased: {cards} cards, {grants} grants, {guardians} guardians, {entitlements.Values.Sum()} entitlements, {passages.Values.Sum()} passages", now);
            await vault.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var checkpointed = await SqliteCheckpoint.TruncateAsync(central, cancellationToken) & await SqliteCheckpoint.TruncateAsync(vault, cancellationToken);
        var kept = await KeptAsync(request, pseudonyms, cancellationToken);
        logger.LogInformation("Erased the pupil of subject request {RequestId}: {Passages} passages, {Entitlements} entitlements, {Cards} cards",
            request.Id, passages.Values.Sum(), entitlements.Values.Sum(), cards);
        await requests.RecordAsync(request, request.Outcome!, cancellationToken);
        await notices.PublishAsync(versions, cancellationToken);
        return new ErasureResult(request.Id, cards, grants, guardians, entitlements, passages, kept, checkpointed);
    }

    private async Task<List<KeptRecord>> KeptAsync(SubjectRequest request, List<string> pseudonyms, CancellationToken cancellationToken)
    {
        await using var audit = await auditStores.CreateDbContextAsync(cancellationToken);
        var auditEntries = await audit.Entries.CountAsync(e => pseudonyms.Contains(e.Subject) || e.Subject == request.AuditSubject, cancellationToken);
        var days = (int)retention.Value.Audit.TotalDays;
        return
        [
            new("this request's record (kind, dates, verification method, outcome; no name or identifier of the pupil)",
                "GDPR Art. 5(2) and 12: the controller must be able to show the request was answered in time",
                "as long as the audit log keeps its entries"),
            new($"{auditEntries} audit log entries naming this request or one of the pupil's former pseudonyms",
                "GDPR Art. 5(2), 30 and 32: the append-only audit log proves who did what and why; it holds no name, and the pseudonyms can no longer be linked to anyone",
                $"{days} days after each entry (Retention:Audit)"),
            new("anonymous hourly counts the pupil's passages were added to",
                "not personal data: counts hold no identifier and small counts are never reported",
                $"{(int)retention.Value.Statistics.TotalDays} days (Retention:Statistics)"),
        ];
    }

    private static async Task<Dictionary<ReaderType, int>> CountAsync(IQueryable<ReaderType> purposes, CancellationToken cancellationToken) =>
        (await purposes.ToListAsync(cancellationToken)).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
}
