namespace StudentCard.Central.Cli;

/// <summary>The command line's exit codes, the same for every command so scripts can rely on them.</summary>
public static class CliExit
{
    public const int Ok = 0;

    /// <summary>The command ran and failed (bad file, refused step, missing store); the message says what to do.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: unknown command, missing or malformed option.</summary>
    public const int Usage = 2;

    /// <summary>audit verify found the chain broken.</summary>
    public const int AuditBroken = 3;

    /// <summary>roster import found rows in error; nothing was imported.</summary>
    public const int RosterRejected = 4;

    /// <summary>roster import --full would take more of a school's pupils than it may unconfirmed; nothing was imported.</summary>
    public const int LeaversUnconfirmed = 5;
}
