using Grpc.Core;
using Microsoft.Extensions.Options;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// Keeps the local allow-list current: the disk copy at start, then a paged download from Central at start, on every
/// change notice with a newer version, and periodically. Holding a list, the agent asks for the changes since its
/// version and applies them to a copy; Central sends the whole list when its journal does not reach back that far, and
/// the agent asks for the whole list when changes do not fit what it holds. A download is used only when every page of
/// one version arrived; otherwise the old list stays in force.
/// </summary>
public sealed class AllowListSync(
    LocalAllowList allowList,
    CentralClient central,
    CommandKeyPin commandKey,
    CommandVerifier commands,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<AllowListSync> logger) : BackgroundService
{
    private static readonly TimeSpan PeriodicCheck = TimeSpan.FromMinutes(5);
    private const int PageSize = 5000;
    private readonly SemaphoreSlim _wake = new(0);
    private long _wantedVersion;
    private int _checkRequested;

    private AllowListFile File => new(Path.Combine(options.Value.DataDirectory, $"allowlist-{options.Value.ReaderType}.bin"));

    /// <summary>Called when a change notice announces a version; fetches if it is newer than what is held.</summary>
    public void Notice(long version)
    {
        if (version > allowList.Current.Version)
        {
            InterlockedMax(ref _wantedVersion, version);
            _wake.Release();
        }
    }

    /// <summary>Fetches at once whatever the versions say (on every MQTT (re)connection: <see cref="AllowListNotices"/>).</summary>
    public void CheckNow()
    {
        Volatile.Write(ref _checkRequested, 1);
        _wake.Release();
    }

    /// <summary>
    /// Loads the disk copy before the host starts the tap processor: ExecuteAsync runs on a background thread, and a
    /// restarted agent must never decide its first taps against an empty list.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = File.TryRead(options.Value.Type);
        if (stored is not null)
        {
            allowList.Replace(stored);
            logger.LogInformation("Loaded allow-list version {Version} with {Count} entries from disk", stored.Version, stored.Count);
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        var due = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _checkRequested, 0) == 1)
            {
                due = true;
            }
            if (due || Interlocked.Read(ref _wantedVersion) > allowList.Current.Version)
            {
                try
                {
                    await FetchAsync(stoppingToken);
                    backoff = TimeSpan.FromMilliseconds(250);
                    due = false;
                }
                catch (Exception e) when (e is RpcException or HttpRequestException or InvalidDataException or IOException)
                {
                    logger.LogWarning("Allow-list fetch failed, keeping version {Version}: {Error}", allowList.Current.Version, e.Message);
                    await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, options.Value.ReconnectMaxMs));
                    continue;
                }
            }
            try
            {
                due = !await _wake.WaitAsync(PeriodicCheck, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FetchAsync(CancellationToken ct)
    {
        // A version check costs one small call; the snapshot may be a million entries. Reconnections
        // and the periodic check download it only when Central's version differs from the one held.
        var held = allowList.Current;
        var hello = await central.Readers.HelloAsync(new Protos.V1.HelloRequest(), central.Call(ct, TimeSpan.FromSeconds(10)));
        commandKey.Compare(hello.CommandKey.Span);
        if ((int)hello.ReaderType != (int)options.Value.Type)
        {
            // An unspecified type, or another purpose than this reader's, is never a list to decide with.
            throw new InvalidDataException($"Central registers this reader as {hello.ReaderType}, not as a {options.Value.ReaderType} reader.");
        }
        if (held.Version > 0 && hello.AllowListVersion == held.Version
            && hello.PolicyFingerprint == (held.PolicyJson.Length == 0 ? "" : Core.Rules.AccessPolicyJson.Fingerprint(held.PolicyJson)))
        {
            // Central still has this version: the list is as fresh as a new download would be.
            allowList.Confirm(time.GetUtcNow());
            return;
        }
        if (held.Version > 0)
        {
            try
            {
                await DownloadAsync(held, ct);
                return;
            }
            catch (InvalidDataException e)
            {
                // Whatever went wrong with the changes, the whole list is always a correct answer.
                logger.LogWarning("Allow-list changes from version {Version} not applied, fetching the whole list: {Error}", held.Version, e.Message);
            }
        }
        await DownloadAsync(null, ct);
    }

    /// <summary>
    /// Downloads one version in pages: the changes since <paramref name="held"/> when Central answers with them, the whole
    /// list otherwise (always when <paramref name="held"/> is null), and puts it in force once every page has arrived.
    /// </summary>
    private async Task DownloadAsync(AllowListSnapshot? held, CancellationToken ct)
    {
        // Pages are checked against Central's command key, so it is pinned before the first download.
        await commandKey.PinAsync(central, time, ct);
        var request = new Protos.V1.AllowListRequest { PageSize = PageSize, HeldVersion = held?.Version ?? 0 };
        using var call = central.Readers.GetAllowList(request, central.Call(ct, TimeSpan.FromMinutes(2)));
        var download = new AllowListDownload(held);
        await foreach (var page in call.ResponseStream.ReadAllAsync(ct))
        {
            SignedPages.Check(page, options.Value.Type, commands);
            download.Add(page);
        }
        download.CheckComplete();
        var current = allowList.Current;
        if (!download.IsDelta && download.Version == current.Version && download.EntryCount == current.Count && download.PolicyJson == current.PolicyJson)
        {
            allowList.Confirm(time.GetUtcNow());
            return;
        }
        // A policy that cannot be read, or changes that do not add up, throw here: the old list and policy stay in force.
        var snapshot = download.Build(time.GetUtcNow());
        File.Write(snapshot, options.Value.Type);
        allowList.Replace(snapshot);
        if (download.IsDelta)
        {
            logger.LogInformation("Allow-list version {Version} in force with {Count} entries ({Changed} changed, {Removed} removed since version {Held})",
                snapshot.Version, snapshot.Count, download.EntryCount, download.RemovedCount, held!.Version);
        }
        else
        {
            logger.LogInformation("Allow-list version {Version} in force with {Count} entries", snapshot.Version, snapshot.Count);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
