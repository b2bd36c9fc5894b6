using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.SignInLimits;

/// <summary>
/// The "SignInLimits" section: how many failed sign-ins a remote address and a claimed reader, desk or staff account may
/// have in one window before further attempts are refused unchecked. A healthy fleet never fails a sign-in, so the
/// defaults leave room for a few misconfigured devices behind one address and stop a flood within its first seconds.
/// </summary>
public sealed class SignInLimitsOptions
{
    public const string Section = "SignInLimits";

    [Range(1, 24 * 3600)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>Failed reader sign-ins (gRPC calls and MQTT connects alike) from one address: a whole site's readers may share one.</summary>
    [Range(1, 1_000_000)]
    public int ReaderFailuresPerAddress { get; set; } = 100;

    /// <summary>Failed sign-ins claiming one reader id, from anywhere.</summary>
    [Range(1, 1_000_000)]
    public int ReaderFailuresPerId { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int DeskFailuresPerAddress { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int DeskFailuresPerId { get; set; } = 10;

    /// <summary>Staff sign-in requests (right or wrong) from one address, through the <see cref="StaffSignInPolicy"/>.</summary>
    [Range(1, 1_000_000)]
    public int StaffAttemptsPerAddress { get; set; } = 30;

    /// <summary>Failed sign-ins naming one staff account, known or not; the account's own lockout (Admin:MaxFailedSignIns) still applies.</summary>
    [Range(1, 1_000_000)]
    public int StaffFailuresPerAccount { get; set; } = 10;

    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);
}
