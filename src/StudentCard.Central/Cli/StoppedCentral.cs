using StudentCard.Central.Hosting;

namespace StudentCard.Central.Cli;

/// <summary>
/// For the maintenance commands that write Central's files directly (key generation and rotation, staff accounts): they
/// run only while no Central runs over the data directory, and hold its <see cref="CentralLock"/> meanwhile, so Central
/// does not start under them either.
/// </summary>
public static class StoppedCentral
{
    /// <summary>The data directory's lock, held until disposed; a <see cref="CliFailure"/> changing nothing when Central runs.</summary>
    public static IDisposable Require(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
        {
            // No Central has run here; the command says what it makes of a missing directory.
            return new MemoryStream();
        }
        return CentralLock.TryTake(dataDirectory) ?? throw new CliFailure(
            $"Central is running (it holds '{CentralLock.PathIn(dataDirectory)}'); stop it first, then run this again. Nothing was changed.");
    }
}
