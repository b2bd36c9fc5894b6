using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Messaging.Mosquitto;

/// <summary>
/// Keeps Mosquitto's password file ("passwords") and ACL file ("acl") in Mqtt:MosquittoAuthDirectory
/// in step with the reader registry: written at start, after every registration and whenever the
/// revocation watcher finds readers revoked (by this process or any other), then Mosquitto is told to
/// reload (SIGHUP to the pid in Mqtt:MosquittoPidFile). Mosquitto 2's reload checks every connected
/// client against the new password file and disconnects those no longer in it, so a revoked reader's
/// open session is cut there and then. A reader's secret is known in clear only at registration, so its
/// Mosquitto hash is made then and the password file itself is where it is kept; a revoked reader's line
/// is removed. Does nothing when no directory is configured (the embedded broker checks logins itself).
/// </summary>
public sealed class MosquittoAuthFiles(
    IOptions<MqttOptions> options,
    ServiceCredential service,
    IDbContextFactory<CentralDbContext> stores,
    ILogger<MosquittoAuthFiles> logger) : IReaderRegistryObserver, IReaderRevocationListener, IHostedService
{
    public const string PasswordFileName = "passwords";
    public const string AclFileName = "acl";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string? _directory = options.Value.MosquittoAuthDirectory;

    public bool Enabled => !string.IsNullOrWhiteSpace(_directory);

    public string PasswordFile => Path.Combine(_directory ?? "", PasswordFileName);

    public string AclFile => Path.Combine(_directory ?? "", AclFileName);

    public Task StartAsync(CancellationToken cancellationToken) => RewriteAsync(null, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReaderRegisteredAsync(RegisteredReader reader, string secret, CancellationToken cancellationToken) =>
        Enabled ? RewriteAsync((reader.Id, MosquittoPasswordHash.Create(secret)), cancellationToken) : Task.CompletedTask;

    /// <summary>Nothing here: <see cref="ReadersRevokedAsync"/> rewrites the files in every running Central, whichever process revoked.</summary>
    public Task ReaderRevokedAsync(string readerId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ReadersRevokedAsync(IReadOnlyCollection<string> readerIds, CancellationToken cancellationToken) => RewriteAsync(null, cancellationToken);

    private async Task RewriteAsync((string ReaderId, string Hash)? added, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(_directory!);
            var hashes = ReadPasswordFile();
            if (added is { } entry)
            {
                hashes[entry.ReaderId] = entry.Hash;
            }
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            var active = (await db.Readers.AsNoTracking().Where(r => r.RevokedAt == null).Select(r => new { r.Id, r.Type, r.Place }).ToListAsync(cancellationToken))
                .Select(r => new RegisteredReader(r.Id, r.Type, r.Place))
                .Where(r => hashes.ContainsKey(r.Id))
                .ToList();

            var serviceHash = hashes.TryGetValue(service.Username, out var kept) && MosquittoPasswordHash.Verify(service.Password, kept)
                ? kept
                : MosquittoPasswordHash.Create(service.Password);
            var lines = new List<string> { $"{service.Username}:{serviceHash}" };
            lines.AddRange(active.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => $"{r.Id}:{hashes[r.Id]}"));
            WriteAtomically(PasswordFile, string.Join('\n', lines) + "\n");
            WriteAtomically(AclFile, MosquittoAcl.Render(service.Username, active));
            logger.LogInformation("Wrote Mosquitto's password and ACL files for {Count} readers", active.Count);
            if (options.Value.MosquittoPidFile is { Length: > 0 } pidFile && !MosquittoReload.TrySignal(pidFile))
            {
                logger.LogWarning("Could not signal Mosquitto to reload (pid file {PidFile}); it uses the new files after its next restart", pidFile);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>user → hash from the current file; lines of users no longer registered are dropped on the next write.</summary>
    private Dictionary<string, string> ReadPasswordFile()
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(PasswordFile))
        {
            return hashes;
        }
        foreach (var line in File.ReadAllLines(PasswordFile))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                hashes[line[..colon]] = line[(colon + 1)..];
            }
        }
        return hashes;
    }

    /// <summary>Mosquitto may re-read at any moment, so it must never see a half-written file.</summary>
    private static void WriteAtomically(string path, string content)
    {
        var temporary = path + ".tmp";
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        using (var stream = OperatingSystem.IsWindows()
            ? new FileStream(temporary, FileMode.Create, FileAccess.Write)
            : new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
