using Microsoft.Extensions.Options;
using StudentCard.Core;

namespace StudentCard.Central.Hosting;

/// <summary>
/// A running Central's hold on <see cref="FileName"/> in its data directory: an exclusive OS file lock, taken before
/// anything else starts and let go when Central stops or its process ends, however it ends (the OS drops a dead process's
/// locks, so a crash leaves nothing to clean up). Maintenance commands that write the stores directly take the same lock
/// for their run, so they refuse while Central runs and Central refuses to start while one works.
/// </summary>
public sealed class CentralLock(IOptions<CentralOptions> options) : IHostedService, IDisposable
{
    public const string FileName = "central.lock";

    private FileStream? _held;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var directory = options.Value.DataDirectory;
        Directory.CreateDirectory(directory);
        _held = TryTake(directory) ?? throw new CentralLockedException(
            $"Another Central or a maintenance command is using the data directory '{Path.GetFullPath(directory)}' (it holds '{PathIn(directory)}'): stop it first, or give this Central its own Central:DataDirectory.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The lock on the data directory, or null when a running Central (or another command) holds it.</summary>
    public static FileStream? TryTake(string dataDirectory)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                // Like every other file in the data directory: owner-only, whatever the umask.
                options.UnixCreateMode = OwnerOnlyModes.File;
            }
            return new FileStream(PathIn(dataDirectory), options);
        }
        catch (IOException) when (File.Exists(PathIn(dataDirectory)))
        {
            return null;
        }
    }
}

/// <summary>Central's data directory is in use by another Central or a maintenance command; the start is refused.</summary>
public sealed class CentralLockedException(string message) : Exception(message);
