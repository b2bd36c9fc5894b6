using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pages.Cards;

/// <summary>
/// A school admin's card work for one pupil of their own school: the pupil's cards (never their tokens),
/// reporting one lost or revoking it with a stated reason, and opening a new card's enrollment at a desk. Times are in
/// the school's zone (<see cref="AccessPolicySource.ZoneOf"/>), as on the pupils page.
/// </summary>
[Authorize(Policy = AdminPolicies.Cards)]
public sealed class IndexModel(
    SchoolCards cards,
    IDbContextFactory<DeskDbContext> desks,
    DeskEnrollment deskEnrollment,
    AccessPolicySource access) : PageModel
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

    /// <summary>The zone this page's times are in: the signed-in admin's school's.</summary>
    public TimeZoneInfo Zone => access.ZoneOf(User.ScopeOf());

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
                    Done = $"Desk {desk} is waiting for the new card until {Local(opened.ExpiresAt):HH:mm} ({Zone.Id}): tap it there.";
                });
            }
        }
        await LoadAsync();
    }

    private async Task RevokeAsync(CardStatus status)
    {
        await RunAsync(async () =>
        {
            await cards.RevokeAsync(User.UserName(), User.ScopeOf(), Number, CardId, status, Reason, HttpContext.RequestAborted);
            Done = status == CardStatus.Lost ? "The card is reported lost." : "The card is revoked.";
        });
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
            Holder = await FindAsync();
        }
    }

    /// <summary>The pupil with this number at the signed-in admin's school, or null with <see cref="Error"/> set: another school's pupil is "not found".</summary>
    private async Task<CardHolder?> FindAsync()
    {
        try
        {
            var holder = await cards.FindAsync(User.ScopeOf(), Number, HttpContext.RequestAborted);
            return holder with { Cards = holder.Cards.Select(c => c with { IssuedAt = Local(c.IssuedAt), RevokedAt = c.RevokedAt is { } ended ? Local(ended) : null }).ToList() };
        }
        catch (EnrollmentException e)
        {
            Error ??= e.Message;
            return null;
        }
    }

    private DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    private async Task<IReadOnlyList<string>> OpenDesksAsync()
    {
        await using var db = await desks.CreateDbContextAsync(HttpContext.RequestAborted);
        return await db.Desks.Where(d => d.RevokedAt == null).OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(HttpContext.RequestAborted);
    }
}
