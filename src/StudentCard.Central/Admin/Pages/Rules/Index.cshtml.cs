using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.Rights;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pages.Rules;

/// <summary>
/// Access rules of the signed-in account's purpose (and school): the list, a form that is previewed ("32 pupils gain …")
/// before it is saved, per-pupil exceptions by student number and deletion, each with a reason. No script: every step
/// is a form post. Dates are days in the school's time zone (its first site's), the last day included.
/// </summary>
[Authorize(Policy = AdminPolicies.Rules)]
public sealed class IndexModel(RuleService rules, AccessPolicySource policy) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public RuleForm Form { get; set; } = new();

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? StudentNumber { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    public IReadOnlyList<AccessRule> List { get; private set; } = [];

    public AccessRule? Rule { get; private set; }

    public IReadOnlyList<(string StudentNumber, RuleExceptionKind Kind)> Named { get; private set; } = [];

    public RulePreview? Preview { get; private set; }

    public RulePreview? DeletePreview { get; private set; }

    public string? Error { get; private set; }

    public string? Done { get; private set; }

    public RuleEditor Editor => User.RuleEditor();

    public ReaderType Purpose => Editor.Purpose ?? ReaderType.Gate;

    public IReadOnlyList<string> Schedules => policy.Policy.Schedules.Select(s => s.Name).ToList();

    /// <summary>The places a rule of this purpose may name, as hints: sites and site/zone pairs, or routes.</summary>
    public IReadOnlyList<string> Places => Purpose switch
    {
        ReaderType.Gate => policy.Policy.Sites.Select(s => s.Name).Concat(policy.Policy.Zones.Select(z => $"{z.Site}/{z.Zone}")).ToList(),
        ReaderType.Bus => policy.Policy.Routes.Select(r => r.Name).ToList(),
        _ => [],
    };

    /// <summary>The time zone the school's days are counted in: its first site's, else the first site's, else UTC.</summary>
    public TimeZoneInfo Zone
    {
        get
        {
            var site = policy.SitesOf(Editor.School).FirstOrDefault() ?? policy.Policy.Sites.FirstOrDefault()?.Name;
            return policy.Policy.FindSite(site) is { } found && TimeZoneInfo.TryFindSystemTimeZoneById(found.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
        }
    }

    public string Day(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The last day a rule holds: the day before its exclusive end.</summary>
    public string LastDay(DateTimeOffset until) => Day(until.AddTicks(-1));

    public string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (Rule is { } rule)
        {
            Form = RuleForm.Of(rule, Named.Where(n => n.Kind == RuleExceptionKind.Member).Select(n => n.StudentNumber), this);
        }
    }

    public async Task OnPostPreviewAsync()
    {
        await RunAsync(async () => Preview = await rules.PreviewAsync(Editor, Id, Draft(), HttpContext.RequestAborted));
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        AccessRule? saved = null;
        await RunAsync(async () => saved = Id is { } id
            ? await rules.ChangeAsync(Editor, id, Draft(), Reason ?? "", HttpContext.RequestAborted)
            : await rules.CreateAsync(Editor, Draft(), Reason ?? "", HttpContext.RequestAborted));
        if (saved is not null)
        {
            return RedirectToPage(new { id = saved.Id });
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync()
    {
        var deleted = false;
        await RunAsync(async () =>
        {
            await rules.DeleteAsync(Editor, Id ?? 0, Reason ?? "", HttpContext.RequestAborted);
            deleted = true;
        });
        if (deleted)
        {
            return RedirectToPage(new { id = (long?)null });
        }
        await LoadAsync();
        return Page();
    }

    public async Task OnPostExceptionAsync()
    {
        await RunAsync(async () =>
        {
            var kind = Kind == "withhold" ? RuleExceptionKind.Withhold : Kind == "add" ? RuleExceptionKind.Add
                : throw new RuleChangeRefused("Choose whether the pupil is added to the rule or withheld from it. Nothing was changed.");
            await rules.SetExceptionAsync(Editor, Id ?? 0, StudentNumber ?? "", kind, Reason ?? "", HttpContext.RequestAborted);
            Done = $"Pupil {StudentNumber} is {(kind == RuleExceptionKind.Add ? "added to" : "withheld from")} the rule.";
        });
        await OnGetAsync();
    }

    public async Task OnPostRemoveExceptionAsync()
    {
        await RunAsync(async () =>
        {
            await rules.RemoveExceptionAsync(Editor, Id ?? 0, StudentNumber ?? "", Reason ?? "", HttpContext.RequestAborted);
            Done = $"Pupil {StudentNumber} is no longer named on the rule.";
        });
        await OnGetAsync();
    }

    private RuleDraft Draft()
    {
        var from = Form.ParseDay(Form.From, "first day");
        var last = Form.ParseDay(Form.LastDay, "last day");
        return new RuleRequest(Form.School, Purpose.Name(), Form.Name, Form.Population, Form.Value, Form.Places,
            Purpose == ReaderType.Gate ? Form.Schedule : null, Midnight(from), Midnight(last.AddDays(1)), RuleForm.Numbers(Form.Pupils)).ToDraft(Editor);
    }

    private DateTimeOffset Midnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    private async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (RuleChangeRefused refused)
        {
            Error = refused.Message;
            if (refused.Forbidden)
            {
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }
        }
    }

    private async Task LoadAsync()
    {
        List = await rules.ListAsync(Editor, HttpContext.RequestAborted);
        if (Id is { } id)
        {
            try
            {
                (Rule, Named) = await rules.GetAsync(Editor, id, HttpContext.RequestAborted);
                DeletePreview = await rules.PreviewDeleteAsync(Editor, id, HttpContext.RequestAborted);
            }
            catch (RuleChangeRefused refused)
            {
                Error ??= refused.Message;
                Id = null;
                if (refused.Forbidden)
                {
                    Response.StatusCode = StatusCodes.Status403Forbidden;
                }
            }
        }
    }
}

/// <summary>The rule form's fields as typed: days as yyyy-MM-dd, pupils' student numbers separated by commas, spaces or lines.</summary>
public sealed class RuleForm
{
    public string? School { get; set; }

    public string? Name { get; set; }

    public string Population { get; set; } = "class";

    public string? Value { get; set; }

    public string? Pupils { get; set; }

    public string? Places { get; set; }

    public string? Schedule { get; set; }

    public string? From { get; set; }

    public string? LastDay { get; set; }

    public static RuleForm Of(AccessRule rule, IEnumerable<string> members, IndexModel page) => new()
    {
        School = rule.School,
        Name = rule.Name,
        Population = rule.Population.ToString().ToLowerInvariant(),
        Value = rule.PopulationValue,
        Pupils = string.Join(' ', members),
        Places = rule.Places,
        Schedule = rule.Schedule,
        From = page.Day(rule.ValidFrom),
        LastDay = page.LastDay(rule.ValidUntil),
    };

    public static IReadOnlyList<string> Numbers(string? text) =>
        text?.Split([',', ' ', '\n', '\r', '\t', ';'], StringSplitOptions.RemoveEmptyEntries) ?? [];

    public DateOnly ParseDay(string? text, string which) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new RuleChangeRefused($"Give the rule's {which} as a date. Nothing was changed.");
}
