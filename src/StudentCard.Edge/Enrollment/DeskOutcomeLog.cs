namespace StudentCard.Edge.Enrollment;

/// <summary>The desk's last answers, in memory only, for the desk's console and its tests; no card identifier is kept.</summary>
public sealed class DeskOutcomeLog
{
    private const int Kept = 100;
    private readonly Lock _gate = new();
    private readonly Queue<DeskOutcome> _recent = new();

    public IReadOnlyList<DeskOutcome> Recent
    {
        get
        {
            lock (_gate)
            {
                return _recent.ToArray();
            }
        }
    }

    public void Record(DeskOutcome outcome)
    {
        lock (_gate)
        {
            _recent.Enqueue(outcome);
            while (_recent.Count > Kept)
            {
                _recent.Dequeue();
            }
        }
    }
}

/// <summary>
/// One tap at the desk: the name of Central's outcome ("Bound", "CardRevoked", …; "Unspecified" when Central could not be
/// reached) and its message; for a bound card whether the pupil holds any right now or later (null otherwise). A name
/// rather than the wire's enum: the contract's types stay inside the agent.
/// </summary>
public sealed record DeskOutcome(string Outcome, string Message, DateTimeOffset At, bool? PupilHasRights = null);
