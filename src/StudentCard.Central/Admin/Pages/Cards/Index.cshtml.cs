using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Admin.Pages.Cards;

/// <summary>
/// A school admin's card work for one pupil of their own school: the pupil's cards (never their tokens),
/// reporting one lost or revoking it with a stated reason, and opening a new card's enrollment at a desk.
/// </summary>
[Authorize(Policy = AdminPolicies.Cards)]
public sealed class IndexModel(
    IDbContextFactory<VaultDbContext> vaults,
    IDbContextFactory<DeskDbContext> desks,
    EnrollmentService enrollment,
    DeskEnrollment deskEnrollment,
    AuditLog audit,
    TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty]
    public long CardId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Desk { get; set; }

    public CardHolder? Holder { get; private set; }

    public IReadOnlyList<string> Desks { get; private set; } = [];

    public string? Error { get; private set; }

    public string? Done { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public Task OnPostLostAsync() => RevokeAsync(CardStatus.Lost);

    public Task OnPostRevokeAsync() => RevokeAsync(CardStatus.Revoked);

    public async Task OnPostIssueAsync()
    {
        var student = await FindAsync();
        if (student is not null && Error is null)
        {
            var desk = Desk;
            if (string.IsNullOrWhiteSpace(desk) || !(await OpenDesksAsync()).Contains(desk))
            {
                Error = "Choose an enrollment desk.";
            }
            else
            {
                var kind = student.Cards.Count == 0 ? DeskEnrollmentKind.FirstCard : DeskEnrollmentKind.Reissue;
                await RunAsync(async () =>
                {
                    var opened = await deskEnrollment.OpenAsync(desk, student.Number, kind, HttpContext.RequestAborted);
                    Done = $"Desk {desk} is waiting for the new card until {opened.ExpiresAt.UtcDateTime:HH:mm} UTC: tap it there.";
                });
            }
        }
        await LoadAsync();
    }

    private async Task RevokeAsync(CardStatus status)
    {
        var student = await FindAsync();
        if (student is not null && Error is null)
        {
            var reason = Reason?.Trim();
            var card = student.Cards.SingleOrDefault(c => c.Id == CardId);
            if (card is null)
            {
                Error = "This pupil has no such card.";
            }
            else if (card.Status != CardStatus.Issued)
            {
                Error = $"This card is already {card.Status.ToString().ToLowerInvariant()}.";
            }
            else if (reason is null || reason.Length < 5)
            {
                Error = "State a reason (at least 5 characters); it goes into the audit log.";
            }
            else
            {
                await RunAsync(async () =>
                {
                    await enrollment.RevokeCardAsync(new CardToken(await TokenOfAsync(card.Id)), status, HttpContext.RequestAborted);
                    await audit.RecordAsync(User.UserName(), AuditActions.CardRevoked, $"vault student {student.Id}", reason, HttpContext.RequestAborted);
                    Done = status == CardStatus.Lost ? "The card is reported lost." : "The card is revoked.";
                });
            }
        }
        await LoadAsync();
    }

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (EnrollmentException e)
        {
            Error = e.Message;
        }
    }

    private async Task LoadAsync()
    {
        Desks = await OpenDesksAsync();
        if (!string.IsNullOrWhiteSpace(Number))
        {
            var found = await FindAsync();
            Holder = found;
        }
    }

    /// <summary>The pupil with this number at the signed-in admin's school, or null with <see cref="Error"/> set: another school's pupil is "not found".</summary>
    private async Task<CardHolder?> FindAsync()
    {
        var school = User.ScopeOf();
        var number = Number?.Trim();
        if (string.IsNullOrEmpty(number))
        {
            Error ??= "Enter a student number.";
            return null;
        }
        await using var vault = await vaults.CreateDbContextAsync(HttpContext.RequestAborted);
        var student = await vault.Students.AsNoTracking()
            .Where(s => s.StudentNumber == number && s.School == school)
            .Select(s => new { s.Id, s.StudentNumber, s.ClassName })
            .SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (student is null)
        {
            Error ??= "No pupil with this student number at your school.";
            return null;
        }
        var cards = await vault.Cards.AsNoTracking()
            .Where(c => c.StudentId == student.Id)
            .OrderBy(c => c.IssuedAt)
            .Select(c => new HeldCard(c.Id, c.Status, c.IssuedAt, c.RevokedAt))
            .ToListAsync(HttpContext.RequestAborted);
        var hasRights = await StudentRights.HoldsAnyAsync(vault, student.Id, time.GetUtcNow(), HttpContext.RequestAborted);
        return new CardHolder(student.Id, student.StudentNumber, student.ClassName, cards, hasRights);
    }

    private async Task<string> TokenOfAsync(long cardId)
    {
        await using var vault = await vaults.CreateDbContextAsync(HttpContext.RequestAborted);
        return await vault.Cards.Where(c => c.Id == cardId).Select(c => c.CardToken).SingleAsync(HttpContext.RequestAborted);
    }

    private async Task<IReadOnlyList<string>> OpenDesksAsync()
    {
        await using var db = await desks.CreateDbContextAsync(HttpContext.RequestAborted);
        return await db.Desks.Where(d => d.RevokedAt == null).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(HttpContext.RequestAborted);
    }
}

/// <summary>A pupil as the cards page shows them: vault id, student number, class, cards and whether they hold any right now or later; no name.</summary>
public sealed record CardHolder(long Id, string Number, string ClassName, IReadOnlyList<HeldCard> Cards, bool HasRights)
{
    public bool HasIssuedCard => Cards.Any(c => c.Status == CardStatus.Issued);
}

/// <summary>One of a pupil's cards, without its token.</summary>
public sealed record HeldCard(long Id, CardStatus Status, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);
