namespace StudentCard.Central.Staff;

/// <summary>
/// A staff account request that cannot be carried out, with a message fit to show the person asking; nothing was changed.
/// <paramref name="unknownAccount"/>: the account named does not exist.
/// </summary>
public sealed class StaffAccountException(string message, bool unknownAccount = false) : Exception(message)
{
    public bool UnknownAccount { get; } = unknownAccount;
}
