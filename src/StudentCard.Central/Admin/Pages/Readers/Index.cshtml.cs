using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.StartupProvisioning;

namespace StudentCard.Central.Admin.Pages.Readers;

/// <summary>
/// The operator's reader list: online or offline, last contact, outbox backlog, allow-list version; registration of a
/// new reader (its agent settings shown once, as a download) and revocation, each with a reason.
/// </summary>
[Authorize(Policy = AdminPolicies.Readers)]
public sealed class IndexModel(ReaderAdministration readers) : PageModel
{
    public IReadOnlyList<ReaderRegistration> Readers { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The new reader's settings file, set only in the answer to its registration.</summary>
    public NewReaderSettings? Registered { get; private set; }

    [BindProperty]
    public string? NewId { get; set; }

    [BindProperty]
    public string? NewType { get; set; }

    [BindProperty]
    public string? NewPlace { get; set; }

    [BindProperty]
    public string? NewReason { get; set; }

    public async Task OnGetAsync() => Readers = await readers.ListAsync(HttpContext.RequestAborted);

    public async Task OnPostRegisterAsync()
    {
        try
        {
            var settings = await readers.RegisterAsync(User.UserName(), NewId ?? "", NewType ?? "", NewPlace ?? "", NewReason ?? "", HttpContext.RequestAborted);
            var id = NewId!.Trim();
            Registered = new NewReaderSettings(id, ReaderTypes.Parse(NewType!), $"edge-{id}.json", Convert.ToBase64String(AgentSettings.ToUtf8(settings)));
            Message = $"Reader {id} is registered. Save its settings now: they hold its secret and are not shown again.";
            NewId = NewType = NewPlace = NewReason = null;
            ModelState.Clear();
        }
        catch (ReaderRegistrationException e)
        {
            Error = e.Message;
        }
        Readers = await readers.ListAsync(HttpContext.RequestAborted);
    }

    public async Task OnPostRevokeAsync(string readerId, string reason)
    {
        try
        {
            await readers.RevokeAsync(User.UserName(), readerId ?? "", reason ?? "", HttpContext.RequestAborted);
            Message = $"Reader {readerId} is revoked: its calls, logins and messages are refused from now on, and its open MQTT sessions are closed within a second.";
        }
        catch (ReaderRegistrationException e)
        {
            Error = e.Message;
        }
        Readers = await readers.ListAsync(HttpContext.RequestAborted);
    }
}

/// <summary>A newly registered reader's settings file, as a download link's name and base64 content.</summary>
public sealed record NewReaderSettings(string ReaderId, ReaderType Type, string FileName, string Base64);
