using System.Collections.Concurrent;
using System.Threading.Channels;

namespace StudentCard.Central.Rosters;

/// <summary>
/// The roster jobs of this Central, keyed by upload id, and the queue <see cref="RosterJobRunner"/> works through one at a
/// time (two imports rewriting the same pupils at once would only contend for the vault). Finished jobs are forgotten,
/// and their uploads deleted, an hour after they end.
/// </summary>
public sealed class RosterJobs(RosterUploads uploads, TimeProvider time)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, RosterJob> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<RosterJob> _queue = Channel.CreateUnbounded<RosterJob>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<RosterJob> Queue => _queue.Reader;

    /// <summary>Starts a preview or commit of an upload, replacing the upload's earlier job.</summary>
    public RosterJob Start(string uploadId, string owner, bool commit, RosterImportMode mode)
    {
        ForgetOld();
        var job = new RosterJob(uploadId, owner, commit, mode);
        _jobs[uploadId] = job;
        _queue.Writer.TryWrite(job);
        return job;
    }

    /// <summary>The upload's job when <paramref name="owner"/> started it; another operator's job is not theirs to see.</summary>
    public RosterJob? Find(string? uploadId, string owner) =>
        uploadId is not null && _jobs.TryGetValue(uploadId, out var job) && job.Owner == owner ? job : null;

    /// <summary>
    /// The preview of an upload that <paramref name="owner"/> may commit: theirs, finished without errors, and its upload
    /// still held. Only the operator who previewed an upload, and saw it without errors, commits it.
    /// </summary>
    public RosterJob? Previewed(string? uploadId, string owner) =>
        uploads.Holds(uploadId) && Find(uploadId, owner) is { Commit: false, Result.HasErrors: false } previewed ? previewed : null;

    /// <summary>Whether a job exists for the upload, whoever started it.</summary>
    public bool Exists(string? uploadId) => uploadId is not null && _jobs.ContainsKey(uploadId);

    public void Forget(RosterJob job) => _jobs.TryRemove(new KeyValuePair<string, RosterJob>(job.UploadId, job));

    private void ForgetOld()
    {
        var cutoff = time.GetUtcNow() - KeptFor;
        foreach (var job in _jobs.Values.Where(j => j.FinishedAt < cutoff))
        {
            Forget(job);
            // A previewed roster nobody committed is pupils' data kept on disk; it goes with its job.
            uploads.Delete(job.UploadId);
        }
    }
}
