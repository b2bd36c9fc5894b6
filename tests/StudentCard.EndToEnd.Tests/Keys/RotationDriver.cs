using System.Collections.Concurrent;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Synthetic;
using StudentCard.Edge.Reader;
using StudentCard.EndToEnd.Tests.Resilience;

namespace StudentCard.EndToEnd.Tests.Keys;

/// <summary>
/// Keeps taps flowing into agents while the test changes keys and cards: pupils in a fixed rotation
/// from a pool the test can change, each tap's expected decision written down before the tap, and
/// which pupil made each tap remembered so the stored pseudonym can be checked against its key version.
/// </summary>
public sealed class RotationDriver
{
    private readonly IReadOnlyList<SyntheticStudent> _pupils;
    private readonly ConcurrentDictionary<int, string> _expected = new();
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly ConcurrentDictionary<string, AgentRig> _rigs = new();
    private readonly ConcurrentDictionary<string, long> _written = new();
    private volatile int[] _pool;

    public RotationDriver(IReadOnlyList<SyntheticStudent> pupils, IEnumerable<int> pool, Func<int, bool> allowed)
    {
        _pupils = pupils;
        _pool = pool.ToArray();
        foreach (var pupil in _pool)
        {
            _expected[pupil] = allowed(pupil) ? "allow" : "deny";
        }
    }

    /// <summary>The pupil of each tap, by reader and tap time.</summary>
    public ConcurrentDictionary<(string ReaderId, long Ticks), int> PupilOf { get; } = new();

    /// <summary>
    /// A pupil's taps pause while their rights change and resume with the new expectation. Returns once every tap of
    /// theirs already on its way has been decided, so none of them is decided under the changed rights.
    /// </summary>
    public async Task PauseAsync(int pupil)
    {
        _pool = _pool.Where(p => p != pupil).ToArray();
        // A tap that picked the pupil from the old pool is written by the time its rig's count moves on.
        var written = _rigs.Keys.ToDictionary(id => id, id => _written.GetValueOrDefault(id));
        await Eventually.WaitAsync(() => written.All(w => _written.GetValueOrDefault(w.Key) > w.Value), "each rig's tap in flight to be written", 60);
        await Eventually.WaitAsync(
            () => PupilOf.Where(t => t.Value == pupil).All(t => _rigs[t.Key.ReaderId].Decided.Values.Any(p => p.OccurredAt.UtcTicks == t.Key.Ticks)),
            "every tap of the paused pupil to be decided", 60);
    }

    public void Resume(int pupil, bool allowed)
    {
        _expected[pupil] = allowed ? "allow" : "deny";
        _pool = _pool.Append(pupil).Distinct().ToArray();
    }

    public CardUid Uid(int pupil) => new(_pupils[pupil].CardUid);

    /// <summary>Taps on the rig until stopped; returns how many were written.</summary>
    public async Task<long> DriveAsync(AgentRig rig, CancellationToken stop)
    {
        long written = 0;
        _rigs[rig.ReaderId] = rig;
        while (!stop.IsCancellationRequested)
        {
            var pool = _pool;
            var number = rig.TakeTapNumber();
            var pupil = pool[(int)((number * 7 + rig.Index * 13) % pool.Length)];
            var at = _start.AddTicks(number * TimeSpan.TicksPerMillisecond + rig.Index);
            rig.Expected[at.UtcTicks] = _expected[pupil];
            PupilOf[(rig.ReaderId, at.UtcTicks)] = pupil;
            try
            {
                await rig.Reader.WriteAsync(new CardTap(Uid(pupil), at), stop);
            }
            catch (OperationCanceledException)
            {
                // The tap never reached the agent: it was not decided and is not expected.
                rig.Expected.TryRemove(at.UtcTicks, out _);
                break;
            }
            written++;
            _written[rig.ReaderId] = written;
            await Task.Delay(3, CancellationToken.None);
        }
        return written;
    }
}
