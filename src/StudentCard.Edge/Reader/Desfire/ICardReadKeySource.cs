using StudentCard.Core.Cards;
using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>The keys the agent authenticates StudentCard's DESFire application with.</summary>
public interface ICardReadKeySource
{
    /// <summary>The key every issued card shares for reading its real UID in random-UID mode (key <see cref="StudentCardApplication.UidKeyNo"/>).</summary>
    CardKey UidKey { get; }

    /// <summary>The card's own read key (key <see cref="StudentCardApplication.ReadKeyNo"/>), diversified from its real UID.</summary>
    CardKey ReadKeyFor(CardUid realUid);
}
