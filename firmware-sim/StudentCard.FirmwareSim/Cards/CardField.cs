namespace StudentCard.FirmwareSim;

/// <summary>The RF field of one simulated reader: which cards are in range right now. Thread-safe.</summary>
public sealed class CardField
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedCard> _cards = [];
    private readonly List<SimulatedCard> _vanishOnExchange = [];

    /// <summary>Raised after each change, outside the field's lock.</summary>
    public event Action<CardFieldChange>? Changed;

    /// <summary>The cards in the field, in the order they arrived.</summary>
    public IReadOnlyList<SimulatedCard> Cards
    {
        get
        {
            lock (_gate)
            {
                return _cards.ToArray();
            }
        }
    }

    /// <summary>Brings a card into the field; a card whose UID is already there is left as it is.</summary>
    public void Present(SimulatedCard card) => Add(card, vanishOnExchange: false);

    /// <summary>Brings a card into the field that leaves it at the first exchange aimed at it (a card pulled away mid-transaction).</summary>
    public void PresentUntilExchange(SimulatedCard card) => Add(card, vanishOnExchange: true);

    /// <summary>Takes the card with this UID out of the field, if it is there.</summary>
    public void Remove(byte[] uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        SimulatedCard? removed;
        lock (_gate)
        {
            removed = _cards.Find(c => c.HasUid(uid));
            if (removed is not null)
            {
                _cards.Remove(removed);
                _vanishOnExchange.RemoveAll(c => c.HasUid(uid));
            }
        }

        if (removed is not null)
        {
            Changed?.Invoke(new CardFieldChange(removed, Present: false));
        }
    }

    /// <summary>Empties the field.</summary>
    public void Clear()
    {
        SimulatedCard[] removed;
        lock (_gate)
        {
            removed = _cards.ToArray();
            _cards.Clear();
            _vanishOnExchange.Clear();
        }

        foreach (var card in removed)
        {
            Changed?.Invoke(new CardFieldChange(card, Present: false));
        }
    }

    /// <summary>Removes the card if it was presented with <see cref="PresentUntilExchange"/>; true when it vanished.</summary>
    internal bool TryVanishOnExchange(byte[] uid)
    {
        lock (_gate)
        {
            if (!_vanishOnExchange.Exists(c => c.HasUid(uid)))
            {
                return false;
            }
        }

        Remove(uid);
        return true;
    }

    private void Add(SimulatedCard card, bool vanishOnExchange)
    {
        ArgumentNullException.ThrowIfNull(card);
        lock (_gate)
        {
            if (_cards.Exists(c => c.HasUid(card.Uid)))
            {
                return;
            }

            _cards.Add(card);
            if (vanishOnExchange)
            {
                _vanishOnExchange.Add(card);
            }
        }

        Changed?.Invoke(new CardFieldChange(card, Present: true));
    }
}
