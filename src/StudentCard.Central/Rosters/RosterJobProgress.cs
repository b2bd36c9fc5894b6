namespace StudentCard.Central.Rosters;

/// <summary>
/// Hands the import's progress to its job as it happens (unlike <see cref="Progress{T}"/>, which posts each report to
/// the thread pool and may reorder them). Once every row is read, the import sets the roster against the vault, which
/// reports nothing itself, so that stage is named here.
/// </summary>
public sealed class RosterJobProgress(RosterJob job) : IProgress<RosterProgress>
{
    public const string CheckStage = "check";

    public void Report(RosterProgress value)
    {
        job.Report(value.Stage, value.Done, value.Total);
        if (value.Stage == "read" && value.Done == value.Total)
        {
            job.Report(CheckStage, 0, 1);
        }
    }
}
