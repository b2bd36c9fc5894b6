using StudentCard.Central.Keys;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// The answers that change a pupil's data or its use: rectification (Art. 16), restriction
/// (Art. 18: entitlements suspended, data kept) and its lifting, and objection (Art. 21: the purpose's
/// grant, entitlements and passages removed). Each completes its request and starts the 5-day notice.
/// </summary>
public sealed class SubjectActions(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    Keys.CentralKeys keys,
    EntitlementSwitch entitlements,
    SubjectRequests requests,
    TimeProvider time)
{
    public async Task<SubjectRequest> RectifyAsync(long requestId, Rectification change, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var (request, student) = await SubjectRequests.ActionableAsync(vault, requestId, [RequestKind.Rectification], cancellationToken);
        var fields = new List<string>();
        Set(change.GivenName, 100, "given name", v => student.GivenName = v, fields);
        Set(change.FamilyName, 100, "family name", v => student.FamilyName = v, fields);
        Set(change.School, 100, "school", v => student.School = v, fields);
        Set(change.ClassName, 64, "class", v => student.ClassName = v, fields);
        Set(change.GuardianName, 200, "guardian name", v => student.GuardianName = v, fields);
        if (change.BirthYear is { } year)
        {
            var now = time.GetUtcNow().Year;
            if (year < now - 30 || year > now - 2)
            {
                throw new DataSubjectException($"A pupil's birth year lies between {now - 30} and {now - 2}.");
            }
            student.BirthYear = year;
            fields.Add("birth year");
        }
        if (fields.Count == 0)
        {
            throw new DataSubjectException("A rectification names at least one corrected field.");
        }
        SubjectRequests.Complete(request, $"rectified: {string.Join(", ", fields)}", time.GetUtcNow());
        await vault.SaveChangesAsync(cancellationToken);
        await requests.RecordAsync(request, request.Outcome!, cancellationToken);
        return request;
    }

    public async Task<SubjectRequest> RestrictAsync(long requestId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var (request, student) = await SubjectRequests.ActionableAsync(vault, requestId, [RequestKind.Restriction], cancellationToken);
        var now = time.GetUtcNow();
        // Suspended first: access is withdrawn even if recording the restriction then fails.
        var suspended = await entitlements.SuspendAsync([student.Id], null, cancellationToken);
        student.RestrictedAt ??= now;
        SubjectRequests.Complete(request, $"processing restricted: {suspended} entitlements suspended, data kept", now);
        await vault.SaveChangesAsync(cancellationToken);
        await requests.RecordAsync(request, request.Outcome!, cancellationToken);
        return request;
    }

    /// <summary>Lifts the restriction a completed restriction request set, restoring the entitlements from the pupil's grants.</summary>
    public async Task<int> LiftRestrictionAsync(long requestId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var request = await vault.SubjectRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Kind == RequestKind.Restriction && r.Status == RequestStatus.Completed, cancellationToken)
            ?? throw new DataSubjectException($"Request {requestId} is not a completed restriction request.");
        var student = await vault.Students.SingleOrDefaultAsync(s => s.Id == request.StudentId && s.RestrictedAt != null, cancellationToken)
            ?? throw new DataSubjectException($"Request {requestId}'s pupil is not restricted (or was erased).");
        student.RestrictedAt = null;
        await vault.SaveChangesAsync(cancellationToken);
        var restored = await entitlements.RestoreAsync([student.Id], cancellationToken);
        await requests.RecordAsync(request, $"restriction lifted: {restored} entitlements restored", cancellationToken);
        return restored;
    }

    /// <summary>Stops one purpose for the pupil: its grant, entitlements and passages go; other purposes continue.</summary>
    public async Task<SubjectRequest> ObjectAsync(long requestId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var (request, student) = await SubjectRequests.ActionableAsync(vault, requestId, [RequestKind.Objection], cancellationToken);
        var purpose = request.Purpose ?? throw new DataSubjectException($"Request {requestId} names no purpose.");
        var suspended = await entitlements.SuspendAsync([student.Id], purpose, cancellationToken);
        int passages;
        using (await keys.HoldChangesAsync(cancellationToken))
        {
            var tokens = await vault.Cards.Where(c => c.StudentId == student.Id).Select(c => c.CardToken).ToListAsync(cancellationToken);
            var pseudonyms = StudentPseudonyms.Of(tokens, keys.Ring, purpose).Select(p => p.Value).ToList();
            await using var central = await stores.CreateDbContextAsync(cancellationToken);
            passages = await central.Passages.Where(p => p.Purpose == purpose && pseudonyms.Contains(p.Pseudonym)).ExecuteDeleteAsync(cancellationToken);
            await Retention.SqliteCheckpoint.TruncateAsync(central, cancellationToken);
        }
        await vault.StudentPurposes.Where(p => p.StudentId == student.Id && p.Purpose == purpose).ExecuteDeleteAsync(cancellationToken);
        SubjectRequests.Complete(request, $"objection to {purpose.Name()} upheld: grant removed, {suspended} entitlements and {passages} passages deleted", time.GetUtcNow());
        await vault.SaveChangesAsync(cancellationToken);
        await requests.RecordAsync(request, request.Outcome!, cancellationToken);
        return request;
    }

    private static void Set(string? value, int maxLength, string field, Action<string> set, List<string> fields)
    {
        if (value is null)
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > maxLength)
        {
            throw new DataSubjectException($"The corrected {field} must be 1 to {maxLength} characters.");
        }
        set(value.Trim());
        fields.Add(field);
    }
}
