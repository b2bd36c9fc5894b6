using System.Security.Claims;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.AllowList;
using StudentCard.Central.Safety;
using StudentCard.Core.Rules;

namespace StudentCard.Central.Admin.SiteModes;

/// <summary>
/// Lockdown, evacuation and lifting as a signed-in school admin gives them, for the page and the JSON API alike: only at a
/// site of the account's own school (<see cref="AccessPolicySource.SitesOf"/>), and always in the account's own name.
/// </summary>
public sealed class SiteCommands(SiteModeService modes, AccessPolicySource access)
{
    /// <summary>The sites the account may command, in calendar order; none for an account of a school no site names.</summary>
    public IReadOnlyList<string> SitesOf(ClaimsPrincipal user) => access.SitesOf(user.ScopeOf());

    public bool Covers(ClaimsPrincipal user, string site) => SitesOf(user).Contains(site, StringComparer.Ordinal);

    /// <summary>Told when a site is not the account's: names only the account's own sites.</summary>
    public string NotCovered(ClaimsPrincipal user, string site) =>
        SitesOf(user) is { Count: > 0 } own
            ? $"Site '{site}' is not a site of your school; yours: {string.Join(", ", own)}. Nothing was changed."
            : $"No site is assigned to your school, so you command none ('{site}' included). Nothing was changed.";

    /// <summary>The current mode of each site the account covers; a site never commanded is normal.</summary>
    public async Task<IReadOnlyList<SiteModeView>> ModesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var stored = (await modes.AllAsync(cancellationToken)).ToDictionary(m => m.Site, StringComparer.Ordinal);
        return SitesOf(user)
            .Select(site => stored.GetValueOrDefault(site) is { } record
                ? new SiteModeView(site, record.Mode, record.Sequence, record.IssuedAt)
                : new SiteModeView(site, SafetyMode.Normal, 0, null))
            .ToList();
    }

    /// <summary>
    /// Runs a command at one of the account's sites with the account's user name as the actor. An invalid command (no
    /// reason, an override list where none belongs, an unknown student number) is a <see cref="SiteModeException"/>.
    /// </summary>
    public Task<SiteModeOutcome> RunAsync(ClaimsPrincipal user, string command, string site, IReadOnlyCollection<string> overrides, string reason, CancellationToken cancellationToken)
    {
        if (!Covers(user, site))
        {
            throw new InvalidOperationException(NotCovered(user, site));
        }
        var actor = user.UserName();
        return command switch
        {
            SafetyRoutes.Lockdown => modes.LockdownAsync(site, overrides, actor, reason, cancellationToken),
            SafetyRoutes.Evacuate when overrides.Count > 0 => throw new SiteModeException("An evacuation releases everyone; it takes no override list."),
            SafetyRoutes.Evacuate => modes.EvacuateAsync(site, actor, reason, cancellationToken),
            SafetyRoutes.Lift when overrides.Count > 0 => throw new SiteModeException("Lifting takes no override list."),
            SafetyRoutes.Lift => modes.LiftAsync(site, actor, reason, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Not a safety command."),
        };
    }
}

/// <summary>One site's current mode as the safety page lists it; <paramref name="Since"/> null for a site never commanded.</summary>
public sealed record SiteModeView(string Site, SafetyMode Mode, long Sequence, DateTimeOffset? Since);
