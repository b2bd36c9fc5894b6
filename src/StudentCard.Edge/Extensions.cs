using Serilog;
using StudentCard.Core.Logging;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Display;
using StudentCard.Edge.Enrollment;
using StudentCard.Edge.Link;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Retention;
using StudentCard.Edge.Safety;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Taps;

namespace StudentCard.Edge;

/// <summary>The agent's wiring: options, reader driver, allow-list, outbox, link to Central.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddEdgeAgent(this IHostApplicationBuilder builder)
    {
        if (Enrollment.EnrollmentDeskMode.IsOn(builder.Configuration))
        {
            return builder.AddEnrollmentDesk();
        }
        var services = builder.Services;
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReaderOptions>().BindConfiguration(ReaderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<AgentKeys>();
        services.AddSingleton<LocalAllowList>();
        services.AddSingleton<CentralClient>();
        services.AddSingleton<CommandKeyPin>();
        services.AddSingleton<CommandVerifier>();
        services.AddSingleton(sp => new PassageOutbox(Path.Combine(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EdgeOptions>>().Value.DataDirectory, "outbox.db")));
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<LinkState>();
        services.AddSingleton<OutboxAlarm>();
        services.AddSingleton<OnlineCheck>();
        services.AddSingleton<TapLog>();
        services.AddSingleton<ZoneMemory>();
        services.AddSingleton<ILinkSubscriber, ZoneRelay>();
        services.AddSingleton<ReaderTransportFactory>();
        services.AddSingleton<ICardReader, Pn532Reader>();

        services.AddSiteModes();
        services.AddSingleton<AllowListSync>();
        services.AddHostedService(sp => sp.GetRequiredService<AllowListSync>());
        services.AddSingleton<ILinkSubscriber, AllowListNotices>();
        services.AddSingleton<ILinkSubscriber, PassageConfirmations>();
        services.AddSingleton(sp =>
        {
            var outbox = sp.GetRequiredService<PassageOutbox>();
            var allowList = sp.GetRequiredService<LocalAllowList>();
            return new ReaderStatusFigures(() => outbox.Count, () => allowList.Current.Version);
        });
        services.AddSingleton<MqttLink>();
        services.AddSingleton<ILinkPublisher>(sp => sp.GetRequiredService<MqttLink>());
        services.AddHostedService(sp => sp.GetRequiredService<MqttLink>());
        services.AddHostedService<OutboxDrain>();
        services.AddHostedService<TapProcessor>();

        services.AddOptions<EdgeRetentionOptions>().BindConfiguration(EdgeRetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EdgeRetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<EdgeRetentionSweeper>());
        builder.AddReaderFeedback();
        builder.AddDriverDisplay();
        return builder;
    }

    /// <summary>Structured console logging from the "Serilog" section, tagged with the reader id (a desk's id in enrollment mode).</summary>
    public static IHostApplicationBuilder AddEdgeLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .WithStudentCardRedaction()
            .Enrich.WithProperty("ReaderId", (EnrollmentDeskMode.IsOn(builder.Configuration)
                ? builder.Configuration[$"{DeskOptions.Section}:DeskId"]
                : builder.Configuration[$"{EdgeOptions.Section}:ReaderId"]) ?? "?"));
        return builder;
    }
}
