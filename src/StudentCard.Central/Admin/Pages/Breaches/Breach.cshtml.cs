using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Breaches;
using StudentCard.Central.DataSubjects;

namespace StudentCard.Central.Admin.Pages.Breaches;

/// <summary>
/// One breach and its steps: update the facts with a reason, propose the pupils concerned (from a compromised reader or
/// from the days a lost copy holds), confirm them or take some off, record the authority's notification or the reasons
/// for its delay, the decision on telling the pupils and when they were told, and close it. Every step is the
/// <c>Breaches/</c> services', as for the admin API, audited under the signed-in account.
/// </summary>
[Authorize(Policy = AdminPolicies.Breaches)]
public sealed class BreachModel(BreachRegister register, AffectedPupils affected, BreachClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public BreachForm Form { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Reader { get; set; }

    [BindProperty]
    public string? Since { get; set; }

    [BindProperty]
    public string? FirstDay { get; set; }

    [BindProperty]
    public string? LastDay { get; set; }

    [BindProperty]
    public List<long> Remove { get; set; } = [];

    [BindProperty]
    public long? Pupil { get; set; }

    [BindProperty]
    public string? At { get; set; }

    [BindProperty]
    public string? Reference { get; set; }

    [BindProperty]
    public string? Channel { get; set; }

    [BindProperty]
    public string? Inform { get; set; }

    public BreachStanding? Standing { get; private set; }

    public IReadOnlyList<BreachPupilView> Pupils { get; private set; } = [];

    public BreachClock Clock => clock;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    private StaffStep By => StaffStep.OnPage(User.UserName());

    public async Task<IActionResult> OnGetAsync()
    {
        if (Done == "recorded")
        {
            Message = $"Breach {Id} recorded.";
        }
        return await LoadAsync(refillForm: true);
    }

    public Task<IActionResult> OnPostUpdateAsync() => RunAsync(async ct =>
    {
        await register.UpdateAsync(By, Id, Form.ToReport(clock, Reason), ct);
        return $"Breach {Id} updated.";
    }, refillForm: false);

    public Task<IActionResult> OnPostProposeReaderAsync() => RunAsync(async ct =>
        Proposed(await affected.FromReaderAsync(By, Id, Reader, clock.Parse(Since, "time from which the reader was compromised"), ct)));

    public Task<IActionResult> OnPostProposeDaysAsync() => RunAsync(async ct =>
        Proposed(await affected.FromDaysAsync(By, Id, Day(FirstDay, "first day"), Day(LastDay, "last day"), ct)));

    public Task<IActionResult> OnPostConfirmAsync() => RunAsync(async ct =>
    {
        var (confirmed, removed) = await affected.ConfirmAsync(By, Id, Remove, ct);
        return $"{confirmed} pupils attached to breach {Id}{(removed > 0 ? $"; {removed} taken off the proposal" : "")}.";
    });

    public Task<IActionResult> OnPostRemovePupilAsync() => RunAsync(async ct =>
    {
        await affected.RemoveAsync(By, Id, Pupil, Reason, ct);
        return $"The pupil was removed from breach {Id}.";
    });

    public Task<IActionResult> OnPostNotifyAuthorityAsync() => RunAsync(async ct =>
    {
        await register.NotifyAuthorityAsync(By, Id, clock.Parse(At, "time of the notification"), Reference, Reason, ct);
        return $"Breach {Id}: the authority's notification is recorded.";
    });

    public Task<IActionResult> OnPostDelayAsync() => RunAsync(async ct =>
    {
        await register.RecordDelayAsync(By, Id, Reason, ct);
        return $"Breach {Id}: the reasons for the delay are recorded; the deadline stays flagged until the notification is.";
    });

    public Task<IActionResult> OnPostDecideAsync() => RunAsync(async ct =>
    {
        bool? inform = Inform switch { "yes" => true, "no" => false, _ => null };
        await register.DecideAsync(By, Id, inform, Reason, ct);
        return $"Breach {Id}: the decision on telling the pupils is recorded.";
    });

    public Task<IActionResult> OnPostInformAsync() => RunAsync(async ct =>
    {
        await register.RecordInformedAsync(By, Id, clock.Parse(At, "time the pupils were told"), Channel, ct);
        return $"Breach {Id}: the pupils are recorded as told.";
    });

    public Task<IActionResult> OnPostCloseAsync() => RunAsync(async ct =>
    {
        await register.CloseAsync(By, Id, Reason, ct);
        return $"Breach {Id} closed.";
    });

    private static string Proposed(BreachProposal proposal) =>
        $"{proposal.Pupils} pupils proposed from {proposal.Passages} {proposal.Source}"
        + (proposal.Unmatched > 0 ? $"; {proposal.Unmatched} pseudonyms matched no pupil in the vault" : "")
        + (proposal.Pupils > 0 ? ". Check them below and confirm." : ".");

    private static DateOnly? Day(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new BreachException($"The {what} must be a date such as 2026-09-01.");
    }

    private async Task<IActionResult> RunAsync(Func<CancellationToken, Task<string>> step, bool refillForm = true)
    {
        try
        {
            Message = await step(HttpContext.RequestAborted);
        }
        catch (BreachException e)
        {
            Error = e.Message;
        }
        // A refused update keeps what was typed; anything else shows the breach as stored.
        return await LoadAsync(refillForm || Error is null);
    }

    private async Task<IActionResult> LoadAsync(bool refillForm)
    {
        try
        {
            Standing = await register.GetAsync(Id, HttpContext.RequestAborted);
        }
        catch (BreachException)
        {
            return NotFound();
        }
        Pupils = await register.PupilsAsync(Id, HttpContext.RequestAborted);
        if (refillForm)
        {
            Form = BreachForm.Of(Standing.Breach, clock);
            Reason = null;
        }
        return Page();
    }
}
