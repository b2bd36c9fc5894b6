using System.Text.RegularExpressions;

namespace StudentCard.Central.Safety;

/// <summary>The one spelling of a site name in commands and topics: 1-64 of a-z, 0-9 and '-', starting with a letter or digit.</summary>
public static partial class SiteName
{
    public static bool IsValid(string? site) => site is not null && Pattern().IsMatch(site);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex Pattern();
}
