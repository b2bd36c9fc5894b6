namespace StudentCard.Central.Rosters;

/// <summary>
/// Runs queued roster jobs one after another through <see cref="RosterImport"/>, feeding each job its import's progress.
/// The commit stays the import's own all-or-nothing transaction; the upload is deleted once nothing more can be done with it.
/// </summary>
public sealed class RosterJobRunner(RosterJobs jobs, RosterUploads uploads, RosterImport import, TimeProvider time, ILogger<RosterJobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in jobs.Queue.ReadAllAsync(stoppingToken))
            {
                await RunAsync(job, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Central is stopping; a commit in flight was rolled back by its transaction.
        }
    }

    private async Task RunAsync(RosterJob job, CancellationToken stoppingToken)
    {
        RosterPreview? result = null;
        string? error = null;
        try
        {
            if (uploads.SourceOf(job.UploadId) is not { } source)
            {
                error = "That upload is no longer here; upload the roster again.";
                return;
            }
            var progress = new RosterJobProgress(job);
            result = job.Commit
                ? await import.CommitAsync(source, job.Mode, progress, stoppingToken)
                : await import.PreviewAsync(source, job.Mode, progress, stoppingToken);
        }
        catch (RosterFileException e)
        {
            // The message names "the upload" or the file past its limits, and says what to upload instead.
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception's text may quote a row of the roster; the log gets its type only.
            logger.LogError("A roster {Kind} failed with {ExceptionType}", job.Commit ? "commit" : "preview", e.GetType().Name);
            error = job.Commit
                ? "The import failed before it was committed; the vault keeps the roster it had. Upload the roster again."
                : "The roster could not be read; upload it again.";
        }
        finally
        {
            // A commit's upload has served its purpose, and one in error can never be committed.
            if (job.Commit || error is not null || result?.HasErrors == true)
            {
                uploads.Delete(job.UploadId);
            }
            job.Finish(result, error ?? (result is null ? "The import was stopped; upload the roster again." : null), time.GetUtcNow());
        }
    }
}
