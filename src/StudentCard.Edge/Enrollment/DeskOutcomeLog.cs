using StudentCard.Protos.V1;

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

/// <summary>One tap at the desk: Central's outcome (Unspecified when Central could not be reached) and its message.</summary>
public sealed record DeskOutcome(EnrollmentOutcome Outcome, string Message, DateTimeOffset At);
