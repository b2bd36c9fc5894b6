using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.Messaging;
using StudentCard.Central.Observability;
using StudentCard.Central.Passages;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.ReaderApi;
using StudentCard.Central.RecordsOfProcessing;
using StudentCard.Central.Retention;
using StudentCard.Central.Staff;
using StudentCard.Central.Statistics;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core.Keys;
using StudentCard.Core.Logging;

namespace StudentCard.Central;

/// <summary>Central's wiring, one feature per method; CentralApp reads as their table of contents.</summary>
public static class Extensions
{
    public static void AddCentralLogging(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // preserveStaticLogger: several Centrals (and agents) may share one process in the demo and tests.
        builder.Services.AddSerilog((services, logger) =>
        {
            // Defaults for a host without Central's appsettings.json (in-process demo, tests); configuration overrides them.
            logger.MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
                .ReadFrom.Configuration(configuration)
                .ReadFrom.Services(services)
                .WithStudentCardRedaction();
            if (!configuration.GetSection("Serilog:WriteTo").Exists())
            {
                logger.WriteTo.Console();
            }
        }, preserveStaticLogger: true);
    }

    public static void AddCentralOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CentralOptions>().BindConfiguration(CentralOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // First of the hosted services, so nothing opens a store before the data directory is Central's alone.
        builder.Services.AddHostedService<CentralLock>();
        builder.Services.AddOptions<GrpcEndpointOptions>().BindConfiguration(GrpcEndpointOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MqttOptions>().BindConfiguration(MqttOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CentralEndpoints>();
    }

    public static void AddCentralStores(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContextFactory<CentralDbContext>((services, options) =>
            SqliteStore.Configure(options, DatabasePath(services, o => o.CentralDatabasePath)));
        builder.Services.AddDbContextFactory<VaultDbContext>((services, options) =>
            SqliteStore.Configure(options, DatabasePath(services, o => o.VaultDatabasePath)));
        builder.Services.AddStoreMigration<CentralDbContext>("purpose store");
        builder.Services.AddStoreMigration<VaultDbContext>("identity vault");
    }

    public static void AddCentralKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<CentralOptions>>().Value;
            var ring = KeyRingLoader.Load(options, services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KeyRingLoader)));
            return new CentralKeys(ring, options.KeyFile);
        });
        // Transient: a rotation replaces the ring, and whoever asks later gets the current one.
        builder.Services.AddTransient(services => services.GetRequiredService<CentralKeys>().Ring);
        builder.Services.AddSingleton<KeyRotation>();
        builder.Services.AddHostedService<KeyRingStartupCheck>();
    }

    /// <summary>The reader registry, and the watcher that makes this Central follow revocations made by any process.</summary>
    public static void AddReaders(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReaderRegistry>();
        builder.Services.AddSingleton<RevokedReaders>();
        builder.Services.AddHostedService<ReaderRevocationWatcher>();
    }

    public static void AddAllowLists(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidation>();
        builder.Services.AddSingleton<AccessPolicySource>();
        builder.Services.AddHostedService<Calendar.CalendarStartup>();
        builder.Services.AddSingleton<Calendar.CalendarEditor>();
        builder.Services.AddSingleton<AllowListQueries>();
        builder.Services.AddSingleton<EntitlementIndex>();
        builder.Services.AddSingleton<AllowListNotices>();
        builder.Services.AddHostedService<AllowListRepublisher>();
        builder.AddAllowListJournal();
    }

    public static void AddEnrollment(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<EnrollmentService>();
        builder.Services.AddSingleton<SchoolCards>();
    }

    public static void AddPassageIngest(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IngestStatistics>();
        builder.Services.AddSingleton<PassageIngest>();
        builder.Services.AddSingleton<IStoredPassagesObserver, Safety.SuspiciousUseDetector>();
        builder.Services.AddSingleton<IStoredPassagesObserver, Safety.ZonePassageRelay>();
        builder.Services.AddSingleton<ReaderStatusIngest>();
    }

    /// <summary>The broker (when embedded) is registered before the client, so it is listening when the client connects.</summary>
    public static void AddMessaging(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ServiceCredential>();
        services.AddSingleton<CommandSigner>();
        services.AddSingleton<BrokerAccessControl>();
        services.AddSingleton<ReaderMessageRouter>();
        services.AddSingleton<EmbeddedBroker>();
        services.AddSingleton<IReaderRevocationListener>(sp => sp.GetRequiredService<EmbeddedBroker>());
        services.AddSingleton<Messaging.Mosquitto.MosquittoAuthFiles>();
        services.AddSingleton<IReaderRegistryObserver>(sp => sp.GetRequiredService<Messaging.Mosquitto.MosquittoAuthFiles>());
        services.AddSingleton<IReaderRevocationListener>(sp => sp.GetRequiredService<Messaging.Mosquitto.MosquittoAuthFiles>());
        services.AddHostedService(sp => sp.GetRequiredService<Messaging.Mosquitto.MosquittoAuthFiles>());
        services.AddHostedService<MqttBrokerHost>();
        services.AddSingleton<CentralMqttClient>();
        services.AddSingleton<IMqttPublisher>(sp => sp.GetRequiredService<CentralMqttClient>());
        services.AddHostedService(sp => sp.GetRequiredService<CentralMqttClient>());
        // After the client: it stops first, so no message is handled once the client has disconnected.
        services.AddHostedService<ReaderInbox>();
    }

    /// <summary>gRPC on one HTTP/2-only endpoint without TLS (prior knowledge), as agents call it.</summary>
    public static void AddReaderLink(this WebApplicationBuilder builder)
    {
        // Reader credentials guard ReaderLink only; the enrollment desk service has its own (desks are not readers).
        builder.Services.AddGrpc().AddServiceOptions<ReaderLinkService>(options => options.Interceptors.Add<ReaderAuthInterceptor>());
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<GrpcEndpointOptions>>((kestrel, grpc) =>
            kestrel.Listen(IPAddress.Parse(grpc.Value.BindAddress), grpc.Value.Port, listen => listen.Protocols = HttpProtocols.Http2));
    }

    /// <summary>Readers and synthetic pupils set up at start (demo and docker-compose installations).</summary>
    public static void AddProvisioning(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StartupProvisioning.ProvisioningOptions>().BindConfiguration(StartupProvisioning.ProvisioningOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<StartupProvisioning.Provisioner>();
    }

    /// <summary>The hash-chained audit log in its own file (audit.db), created at start before anything records.</summary>
    public static void AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddDbContextFactory<AuditDbContext>((services, options) =>
            SqliteStore.Configure(options, DatabasePath(services, o => Path.Combine(o.DataDirectory, AuditDbContext.FileName))));
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddStoreMigration<AuditDbContext>("audit store");
        builder.Services.AddSingleton<IReaderRegistryObserver, ReaderChangesAudit>();
    }

    /// <summary>Anonymous hourly counts and their small-cell-suppressed reports.</summary>
    public static void AddStatistics(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StatisticsOptions>().BindConfiguration(StatisticsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StatisticsReports>();
    }

    /// <summary>Retention per purpose with hard maxima (a setting above one stops the start) and the sweeper that enforces it.</summary>
    public static void AddRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RetentionSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
    }

    /// <summary>The records of processing (GDPR Art. 30) settings; the "records" command renders them.</summary>
    public static void AddRecordsOfProcessing(this WebApplicationBuilder builder) =>
        builder.Services.AddOptions<ProcessingOptions>().BindConfiguration(ProcessingOptions.Section);

    /// <summary>Readiness (/readyz): every store opens and Central's MQTT client is connected to the broker.</summary>
    public static void AddReadinessChecks(this WebApplicationBuilder builder) =>
        builder.Services.AddHealthChecks()
            .AddStoreCheck<CentralDbContext>("purpose-store")
            .AddStoreCheck<VaultDbContext>("identity-vault")
            .AddStoreCheck<AuditDbContext>("audit-store")
            .AddStoreCheck<StaffDbContext>("staff-store")
            .AddCheck<BrokerHealthCheck>("mqtt-broker", tags: [ObservabilityExtensions.ReadyTag]);

    public static void MapReaderLink(this WebApplication app) =>
        app.MapGrpcService<ReaderLinkService>();

    private static string DatabasePath(IServiceProvider services, Func<CentralOptions, string> path)
    {
        var databasePath = path(services.GetRequiredService<IOptions<CentralOptions>>().Value);
        SqliteStore.CreateOwnerOnly(databasePath);
        return databasePath;
    }
}
