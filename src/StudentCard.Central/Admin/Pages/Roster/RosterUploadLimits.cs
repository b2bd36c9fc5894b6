using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using StudentCard.Central.Rosters;

namespace StudentCard.Central.Admin.Pages.Roster;

/// <summary>
/// The roster page's request limits, from <see cref="RosterLimits.MaxUploadBytes"/>: Kestrel stops reading a body past it
/// (with room for the form's other fields), and the multipart reader a file past it.
/// </summary>
public static class RosterUploadLimits
{
    private const int FormFields = 64 * 1024;

    public static void AddRosterUploadLimits(this IServiceCollection services) =>
        services.AddOptions<RazorPagesOptions>().Configure<IOptions<RosterLimits>>((pages, limits) =>
            pages.Conventions.AddPageApplicationModelConvention("/Roster/Index", page =>
            {
                page.Filters.Add(new RequestSizeLimitAttribute(limits.Value.MaxUploadBytes + FormFields));
                page.Filters.Add(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.Value.MaxUploadBytes });
            }));
}
