using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Cli;

/// <summary>
/// Central's services over a data directory and key file, without the web host, MQTT or gRPC running:
/// the stores are migrated and the settings validated first, as a start would. Allow-list notices
/// made meanwhile are announced by Central when it next starts (its client repeats every version on connect).
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CliServices(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Opens the stores; throws <see cref="CliFailure"/> with what to do when the data directory is missing.</summary>
    public static async Task<CliServices> OpenAsync(string dataDirectory, string? keyFile, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new CliFailure($"No Central data directory at '{dataDirectory}'; pass --data with Central:DataDirectory.");
        }
        var app = CentralApp.Build(
        [
            $"--Central:DataDirectory={dataDirectory}",
            $"--Central:KeyFile={keyFile ?? Path.Combine(dataDirectory, "keys.json")}",
            "--Serilog:MinimumLevel:Default=Error",
            .. settings,
        ]);
        try
        {
            // What ValidateOnStart would check when Central starts.
            _ = app.Services.GetRequiredService<IOptions<DataSubjectOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<Retention.RetentionOptions>>().Value;
            _ = app.Services.GetRequiredService<IOptions<Statistics.StatisticsOptions>>().Value;
            await StoreFiles.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>(), cancellationToken);
            await StoreFiles.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>(), cancellationToken);
            await StoreFiles.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>(), cancellationToken);
            await app.Services.GetRequiredService<AllowList.AccessPolicySource>().LoadAsync(cancellationToken);
            await app.Services.GetRequiredService<Rights.GrantConversion>().ConvertAsync(cancellationToken);
            return new CliServices(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>A command that cannot go on; its message says what to do, and the exit code is 1.</summary>
public sealed class CliFailure(string message) : Exception(message);
