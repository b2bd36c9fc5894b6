using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.AllowList;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using CoreType = StudentCard.Core.ReaderType;

namespace StudentCard.Central.Tests.AllowList;

/// <summary>
/// The committed allow-list version the online check answers from: Central's own commits at once, another process's
/// commits once the last store read is older than the recheck interval (on a fake clock), never a version going back.
/// </summary>
public sealed class CommittedVersionTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));
    private TestCentral _central = null!;
    private EntitlementIndex _index = null!;

    public async Task InitializeAsync()
    {
        _central = await TestCentral.StartAsync();
        _index = new EntitlementIndex(_central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>(), _clock);
        await SetStoredVersionAsync(CoreType.Gate, 10);
    }

    public async Task DisposeAsync()
    {
        _index.Dispose();
        await _central.DisposeAsync();
    }

    [Fact]
    public async Task Another_process_commit_is_read_once_the_last_read_is_older_than_the_recheck_interval()
    {
        var first = _index.CommittedVersion(CoreType.Gate);
        await SetStoredVersionAsync(CoreType.Gate, 11);
        var withinInterval = _index.CommittedVersion(CoreType.Gate);
        _clock.Advance(EntitlementIndex.VersionRecheck - TimeSpan.FromMilliseconds(1));
        var justBefore = _index.CommittedVersion(CoreType.Gate);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var after = _index.CommittedVersion(CoreType.Gate);

        Assert.Equal((10L, 10L, 10L, 11L), (first, withinInterval, justBefore, after));
    }

    [Fact]
    public async Task Centrals_own_commit_counts_at_once_and_a_stream_of_them_does_not_postpone_the_next_store_read()
    {
        Assert.Equal(10L, _index.CommittedVersion(CoreType.Gate));
        _index.Committed(CoreType.Gate, 12);
        var atOnce = _index.CommittedVersion(CoreType.Gate);
        await SetStoredVersionAsync(CoreType.Gate, 20);
        var seen = new List<long>();
        for (var step = 0; step < 5; step++)
        {
            _clock.Advance(EntitlementIndex.VersionRecheck / 4);
            _index.Committed(CoreType.Gate, 13 + step);
            seen.Add(_index.CommittedVersion(CoreType.Gate));
        }

        Assert.Equal(12L, atOnce);
        // Three own commits inside the interval, then the store's 20 once the last store read is 50 ms old.
        Assert.Equal([13L, 14L, 15L, 20L, 20L], seen);
    }

    [Fact]
    public async Task The_version_never_goes_back_and_purposes_are_apart()
    {
        _index.Committed(CoreType.Gate, 30);
        _clock.Advance(EntitlementIndex.VersionRecheck * 2);
        var gate = _index.CommittedVersion(CoreType.Gate);
        await SetStoredVersionAsync(CoreType.Bus, 4);
        var bus = _index.CommittedVersion(CoreType.Bus);
        var library = _index.CommittedVersion(CoreType.Library);

        Assert.Equal((30L, 4L, 0L), (gate, bus, library));
    }

    private async Task SetStoredVersionAsync(CoreType purpose, long version)
    {
        await using var db = _central.CentralDb();
        var name = purpose.Name();
        await db.Database.ExecuteSqlAsync($"INSERT INTO AllowListVersions (Purpose, Version) VALUES ({name}, {version}) ON CONFLICT(Purpose) DO UPDATE SET Version = {version};");
    }
}
