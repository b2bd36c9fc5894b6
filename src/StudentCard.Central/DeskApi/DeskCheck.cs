namespace StudentCard.Central.DeskApi;

/// <summary>The outcome of checking a desk's credentials; Revoked is told only to a caller who knew the secret.</summary>
public enum DeskCheckOutcome
{
    Authenticated,
    Unknown,
    WrongSecret,
    Revoked,
}
