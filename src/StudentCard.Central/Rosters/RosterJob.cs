namespace StudentCard.Central.Rosters;

/// <summary>
/// One roster preview or commit running in the background for the operator who uploaded it: every progress step
/// it reported, in order, and its result or error once finished. Readers walk the steps with a cursor, so each
/// poll sees the next step and none is skipped.
/// </summary>
public sealed class RosterJob(string uploadId, string owner, bool commit, RosterImportMode mode)
{
    private readonly Lock _gate = new();
    private readonly List<RosterJobStep> _steps = [];
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string UploadId { get; } = uploadId;

    /// <summary>The staff user name of the operator who started it; nobody else sees it.</summary>
    public string Owner { get; } = owner;

    public bool Commit { get; } = commit;

    /// <summary>Full or partial export, as the operator said at the preview; a commit keeps what its preview showed.</summary>
    public RosterImportMode Mode { get; } = mode;

    public RosterPreview? Result { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Completes when the job has its result or error.</summary>
    public Task Completion => _finished.Task;

    public void Report(string stage, int done, int total)
    {
        lock (_gate)
        {
            _steps.Add(new RosterJobStep(_steps.Count + 1, stage, done, total));
            Changed();
        }
    }

    public void Finish(RosterPreview? result, string? error, DateTimeOffset at)
    {
        lock (_gate)
        {
            Result = result;
            Error = error;
            FinishedAt = at;
            Changed();
        }
        _finished.TrySetResult();
    }

    /// <summary>
    /// The step after <paramref name="after"/> (steps are numbered from 1), waiting up to <paramref name="wait"/> for it;
    /// once every step has been seen and the job is done, its final state.
    /// </summary>
    public async Task<RosterJobState> NextAsync(int after, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_steps.Count > after || FinishedAt is not null)
            {
                return StateAfter(after);
            }
            changed = _changed.Task;
        }
        try
        {
            await changed.WaitAsync(wait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Nothing new: the caller gets the same step again and asks once more.
        }
        lock (_gate)
        {
            return StateAfter(after);
        }
    }

    private RosterJobState StateAfter(int after)
    {
        after = Math.Clamp(after, 0, _steps.Count);
        if (after < _steps.Count)
        {
            return new RosterJobState(_steps[after], Finished: false);
        }
        var last = after > 0 ? _steps[after - 1] : new RosterJobStep(0, "queued", 0, 0);
        return new RosterJobState(last, Finished: FinishedAt is not null);
    }

    private void Changed()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}

/// <summary>One progress step of a roster job: its number, the stage ("read", "check", "write") and rows done of the total.</summary>
public sealed record RosterJobStep(int Sequence, string Stage, int Done, int Total);

/// <summary>What a poll sees: a step, and whether the job is finished with nothing left to see.</summary>
public sealed record RosterJobState(RosterJobStep Step, bool Finished);
