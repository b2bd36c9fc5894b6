using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.Readers;

namespace StudentCard.Central.Admin.Pages.Readers;

/// <summary>The operator's reader list: online or offline, last contact, outbox backlog, allow-list version; revocation with a reason.</summary>
[Authorize(Policy = AdminPolicies.Readers)]
public sealed class IndexModel(ReaderAdministration readers) : PageModel
{
    public IReadOnlyList<ReaderRegistration> Readers { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync() => Readers = await readers.ListAsync(HttpContext.RequestAborted);

    public async Task OnPostRevokeAsync(string readerId, string reason)
    {
        try
        {
            await readers.RevokeAsync(User.UserName(), readerId ?? "", reason ?? "", HttpContext.RequestAborted);
            Message = $"Reader {readerId} is revoked: its calls and messages are refused from now on.";
        }
        catch (ReaderRegistrationException e)
        {
            Error = e.Message;
        }
        Readers = await readers.ListAsync(HttpContext.RequestAborted);
    }
}
