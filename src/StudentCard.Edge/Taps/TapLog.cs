using StudentCard.Core.Messaging;

namespace StudentCard.Edge.Taps;

/// <summary>The last decisions of this reader, in memory only, for the demo console and the driver display.</summary>
public sealed class TapLog
{
    private readonly Lock _gate = new();
    private readonly Queue<PassageMessage> _recent = new();
    private long _allowed;
    private long _denied;

    public event Action<PassageMessage>? Tapped;

    public long Allowed => Interlocked.Read(ref _allowed);

    public long Denied => Interlocked.Read(ref _denied);

    public void Record(PassageMessage passage)
    {
        if (passage.Decision == "allow")
        {
            Interlocked.Increment(ref _allowed);
        }
        else
        {
            Interlocked.Increment(ref _denied);
        }
        lock (_gate)
        {
            _recent.Enqueue(passage);
            while (_recent.Count > 50)
            {
                _recent.Dequeue();
            }
        }
        Tapped?.Invoke(passage);
    }

    public IReadOnlyList<PassageMessage> Recent()
    {
        lock (_gate)
        {
            return _recent.ToArray();
        }
    }
}
