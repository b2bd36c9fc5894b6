using Microsoft.Extensions.DependencyInjection.Extensions;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Display;

/// <summary>Wiring for the driver display: its settings, its model (always there, for the tap path to feed) and its redraw loop.</summary>
public static class DisplayExtensions
{
    public static IHostApplicationBuilder AddDriverDisplay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DisplayOptions>().BindConfiguration(DisplayOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<OfflineIndicator>();
        builder.Services.AddSingleton<DriverDisplay>();
        builder.Services.AddHostedService<DriverDisplayService>();
        return builder;
    }
}
