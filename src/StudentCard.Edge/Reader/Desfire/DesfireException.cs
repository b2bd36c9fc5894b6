namespace StudentCard.Edge.Reader;

/// <summary>Base of the DESFire session's errors; messages name commands and status codes, never a UID or key byte.</summary>
public abstract class DesfireException : Exception
{
    protected DesfireException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The card answered a command with a status other than success.</summary>
public sealed class DesfireStatusException(byte command, byte status)
    : DesfireException($"DESFire command 0x{command:X2} failed with status 0x{status:X2} ({DesfireStatus.Describe(status)}).")
{
    public byte Command { get; } = command;

    public byte Status { get; } = status;
}

/// <summary>The card failed to prove its key: an authentication error, a wrong proof, or a cryptogram, CRC or MAC that does not check.</summary>
public sealed class DesfireAuthenticationException(string message) : DesfireException(message);

/// <summary>The card left the field (or stopped answering) in the middle of an exchange: a read to retry, not a refusal.</summary>
public sealed class DesfireCardLostException(string message, Exception inner) : DesfireException(message, inner);
