namespace StudentCard.Core.Rules;

/// <summary>What the reader shows: let the card holder through or not.</summary>
public enum Decision
{
    Allow = 1,
    Deny = 2,
}
