namespace StudentCard.Central.ReaderAccounts;

/// <summary>The outcome of checking a reader's credentials; Revoked is told only to a caller who knew the secret.</summary>
public enum ReaderCheckOutcome
{
    Authenticated,
    Unknown,
    WrongSecret,
    Revoked,
}

/// <summary>A credential check's outcome and, when authenticated, the reader.</summary>
public sealed record ReaderCheck(ReaderCheckOutcome Outcome, RegisteredReader? Reader);
