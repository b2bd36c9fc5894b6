using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Enrollment;

/// <summary>
/// The agent's enrollment mode ("Edge:Mode" = "Enrollment"): the PN532 reader, K_site and the desk
/// link only. None of the purpose reader's parts (allow-list, outbox, MQTT link, purpose keys) is registered.
/// </summary>
public static class EnrollmentDeskMode
{
    public const string ModeKey = "Edge:Mode";
    public const string Enrollment = "Enrollment";

    public static bool IsOn(IConfiguration configuration) =>
        string.Equals(configuration[ModeKey], Enrollment, StringComparison.OrdinalIgnoreCase);

    public static IHostApplicationBuilder AddEnrollmentDesk(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeskOptions>().BindConfiguration(DeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReaderOptions>().BindConfiguration(ReaderOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DeskKeys>();
        services.AddSingleton<DeskClient>();
        services.AddSingleton<DeskOutcomeLog>();
        services.AddSingleton<ReaderTransportFactory>();
        services.AddSingleton<ICardReader, Pn532Reader>();
        services.AddHostedService<DeskTapProcessor>();
        return builder;
    }
}
