using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.Rosters;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Retention;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Tests.Rosters;

/// <summary>A real Central on a fake clock with its vault and purpose store, for roster and data-subject tests.</summary>
internal sealed class RosterHost : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private RosterHost(TempDirectory directory, RetentionCentral central, FakeTimeProvider clock)
    {
        _directory = directory;
        Central = central;
        Clock = clock;
    }

    public RetentionCentral Central { get; }

    public FakeTimeProvider Clock { get; }

    public string DirectoryPath => _directory.Path;

    public string VaultPath => Path.Combine(Central.DataDirectory, "vault.db");

    public string CentralPath => Path.Combine(Central.DataDirectory, "central.db");

    public string AuditPath => Path.Combine(Central.DataDirectory, "audit.db");

    public T Get<T>() where T : notnull => Central.App.Services.GetRequiredService<T>();

    public RosterImport Import => Get<RosterImport>();

    public static async Task<RosterHost> StartAsync(params string[] settings)
    {
        var directory = new TempDirectory();
        var clock = RetentionCentral.Clock();
        return new RosterHost(directory, await RetentionCentral.StartAsync(directory, clock, settings), clock);
    }

    public VaultDbContext Vault() => Get<IDbContextFactory<VaultDbContext>>().CreateDbContext();

    public CentralDbContext Store() => Get<IDbContextFactory<CentralDbContext>>().CreateDbContext();

    public async ValueTask DisposeAsync()
    {
        await Central.DisposeAsync();
        _directory.Dispose();
    }
}
