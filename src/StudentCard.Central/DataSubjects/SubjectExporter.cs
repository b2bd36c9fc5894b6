using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Keys;
using StudentCard.Central.RecordsOfProcessing;
using StudentCard.Central.Retention;
using StudentCard.Central.Statistics;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>
/// Answers an access or portability request with one machine-readable JSON document: the vault's
/// identity, cards and grants, and for every purpose the pupil's pseudonyms (found through the card
/// tokens and every key version held), entitlements and passages still within retention, with the
/// sources, recipients and retention periods the records of processing state.
/// </summary>
public sealed class SubjectExporter(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<CentralDbContext> stores,
    CentralKeys keys,
    SubjectRequests requests,
    IOptions<ProcessingOptions> processing,
    IOptions<RetentionOptions> retention,
    IOptions<StatisticsOptions> statistics,
    TimeProvider time)
{
    public const string Format = "studentcard.subject-export/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string ToJson(SubjectExportDocument document) => JsonSerializer.Serialize(document, Json) + "\n";

    public async Task<SubjectExportDocument> ExportAsync(long requestId, CancellationToken cancellationToken = default)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var (request, student) = await SubjectRequests.ActionableAsync(vault, requestId, [RequestKind.Access, RequestKind.Portability], cancellationToken);
        var now = time.GetUtcNow();
        var records = RecordsBuilder.Build(processing.Value, retention.Value, statistics.Value, now);
        var cards = await vault.Cards.AsNoTracking().Where(c => c.StudentId == student.Id).OrderBy(c => c.IssuedAt).ToListAsync(cancellationToken);
        var grants = await vault.StudentPurposes.AsNoTracking().Where(p => p.StudentId == student.Id).ToListAsync(cancellationToken);
        var classes = await vault.StudentClasses.AsNoTracking().Where(c => c.StudentId == student.Id).OrderBy(c => c.Title).Select(c => c.Title).ToListAsync(cancellationToken);
        var guardians = await (
            from link in vault.StudentGuardians
            join guardian in vault.Guardians on link.GuardianId equals guardian.Id
            where link.StudentId == student.Id
            orderby guardian.FamilyName, guardian.GivenName
            select new ExportGuardian(guardian.GivenName, guardian.FamilyName)).ToListAsync(cancellationToken);
        var history = await vault.SubjectRequests.AsNoTracking().Where(r => r.StudentId == student.Id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var yearStart = new DateTimeOffset(now.Year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var freeCopy = !history.Any(r => r.Id != request.Id && r.Kind is RequestKind.Access or RequestKind.Portability
            && r.Status == RequestStatus.Completed && r.CompletedAt >= yearStart);

        var pseudonyms = StudentPseudonyms.Of(cards.Select(c => c.CardToken), keys.Ring);
        var values = pseudonyms.Select(p => p.Value).ToList();
        await using var central = await stores.CreateDbContextAsync(cancellationToken);
        var entitlements = await central.Entitlements.AsNoTracking().Where(e => values.Contains(e.Pseudonym)).ToListAsync(cancellationToken);
        var passages = await central.Passages.AsNoTracking().Where(p => values.Contains(p.Pseudonym)).OrderBy(p => p.OccurredAt).ToListAsync(cancellationToken);

        var purposes = ReaderTypes.All.Select(purpose =>
        {
            var activity = records.Activities.Single(a => a.Key == purpose.Name());
            var cutoff = now - retention.Value.For(purpose);
            var mine = pseudonyms.Where(p => p.Purpose == purpose).Select(p => p.Value).ToHashSet();
            var grant = grants.SingleOrDefault(g => g.Purpose == purpose);
            return new ExportPurpose(
                purpose.Name(),
                activity.Name,
                activity.Description,
                activity.LegalBasis,
                activity.DataCategories,
                grant is null ? null : new ExportGrant(grant.ValidFrom, grant.ValidUntil),
                pseudonyms.Where(p => p.Purpose == purpose).Select(p => new ExportPseudonym(p.KeyVersion, p.Value)).Distinct().ToList(),
                entitlements.Where(e => e.Purpose == purpose && mine.Contains(e.Pseudonym))
                    .Select(e => new ExportEntitlement(e.KeyVersion, e.ValidFrom, e.ValidUntil)).ToList(),
                passages.Where(p => p.Purpose == purpose && mine.Contains(p.Pseudonym) && p.OccurredAt >= cutoff)
                    .Select(p => new ExportPassage(p.Id, p.OccurredAt, p.ReaderId, p.Decision, p.Reason, p.Direction, p.KeyVersion)).ToList());
        }).ToList();

        var document = new SubjectExportDocument(
            Format,
            request.Id,
            now,
            records.Controller,
            records.DpoContact,
            freeCopy,
            new ExportIdentity(student.StudentNumber, student.GivenName, student.FamilyName, student.School, student.ClassName, student.Grades,
                student.BirthYear == Student.UnknownBirthYear ? null : student.BirthYear, student.GuardianName, guardians, student.SourcedId, student.OrgSourcedId, student.DeactivatedAt, student.RestrictedAt, classes),
            cards.Select(c => new ExportCard(c.Status.ToString().ToLowerInvariant(), c.IssuedAt, c.RevokedAt)).ToList(),
            purposes,
            history.Select(r => new ExportRequest(r.Id, SubjectRequests.Word(r.Kind), SubjectRequests.Word(r.Status), r.ReceivedAt, r.DueAt, r.CompletedAt, r.Outcome, r.RefusalReason)).ToList(),
            Sources(student),
            records.Activities.Select(a => new ExportRecipient(a.Key, a.Recipients)).ToList(),
            records.Activities.Select(a => new ExportRetention(a.Key, a.Name, a.Retention, a.RetentionMaximum, a.RetentionRule)).ToList());

        SubjectRequests.Complete(request, $"{Word(request.Kind)} copy: {purposes.Sum(p => p.Passages.Count)} passages, {purposes.Sum(p => p.Entitlements.Count)} entitlements, {cards.Count} cards; {(freeCopy ? "free copy of the year" : "further copy this year (a reasonable fee may apply)")}", now);
        request.FreeCopy = freeCopy;
        await vault.SaveChangesAsync(cancellationToken);
        await requests.RecordAsync(request, $"{Word(request.Kind)} copy produced; {(freeCopy ? "free" : "further copy")}", cancellationToken);
        return document;
    }

    private static List<ExportSource> Sources(Student student) =>
    [
        new("identity", student.SourcedId is null
            ? "entered at the school's enrollment desk"
            : "the school's student information system, by OneRoster import (only the fields listed here are kept; email, phone, sms, password and demographics are never stored)"),
        new("cards", "issued at the school's enrollment desk; the card identifier is a keyed hash of the card's chip number, which itself is never stored"),
        new("entitlements", "derived from the purposes the school granted the pupil"),
        new("passages", "the readers of each purpose, at the moment the card was presented"),
        new("requests", "the requests made by the pupil or their guardian"),
    ];

    private static string Word(RequestKind kind) => SubjectRequests.Word(kind);
}
