using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>What authenticating a DESFire card at a tap concluded.</summary>
public enum CardAuthenticationOutcome
{
    /// <summary>The card proved its diversified key; <see cref="CardAuthentication.RealUid"/> is its identity.</summary>
    Genuine,

    /// <summary>The card could not prove the key (a clone, a wrong key, no StudentCard application): refuse it.</summary>
    NotGenuine,

    /// <summary>The card left the field mid-exchange: nothing was learnt, read it again at the next poll.</summary>
    Missed,
}

/// <summary>The outcome of one card authentication, with the real UID read by the authenticated GetCardUID when genuine.</summary>
public sealed record CardAuthentication(CardAuthenticationOutcome Outcome, CardUid? RealUid)
{
    public static CardAuthentication Genuine(CardUid realUid) => new(CardAuthenticationOutcome.Genuine, realUid);

    public static CardAuthentication NotGenuine { get; } = new(CardAuthenticationOutcome.NotGenuine, null);

    public static CardAuthentication Missed { get; } = new(CardAuthenticationOutcome.Missed, null);

    public override string ToString() => $"CardAuthentication({Outcome})";
}
