namespace StudentCard.Central.Safety;

/// <summary>
/// The body of a safety command: why, and (lockdown only) the student numbers that still pass. Who gives it is the
/// signed-in account, never a field of the body.
/// </summary>
public sealed record SiteModeRequest(string? Reason, IReadOnlyList<string>? Override = null);

/// <summary>The answer to a safety command.</summary>
public sealed record SiteModeResponse(string Site, string Mode, long Sequence, int OverridePseudonyms, bool Published)
{
    public static SiteModeResponse Of(SiteModeOutcome outcome) =>
        new(outcome.Site, StudentCard.Core.Rules.SafetyModeWords.Word(outcome.Mode), outcome.Sequence, outcome.OverridePseudonyms, outcome.Published);

    /// <summary>What the command did, as the admin page and the command line tell it: the new mode, then whether the readers have it yet.</summary>
    public IReadOnlyList<string> Describe() =>
    [
        $"Site {Site} is in {Mode} mode (sequence {Sequence}, {OverridePseudonyms} override pseudonyms).",
        Published ? "Sent to the site's gate readers." : "Stored, but the broker is unreachable now: it is sent as soon as Central reconnects.",
    ];
}

/// <summary>Why a safety command was refused.</summary>
public sealed record SiteModeError(string Error);

/// <summary>Where the admin API takes the safety commands, for Central's endpoints and the "lockdown" command line alike.</summary>
public static class SafetyRoutes
{
    public const string Prefix = "/api/safety";

    public const string Lockdown = "lockdown";
    public const string Evacuate = "evacuate";
    public const string Lift = "lift";

    public static string Of(string site, string command) => $"{Prefix}/{Uri.EscapeDataString(site)}/{command}";
}
