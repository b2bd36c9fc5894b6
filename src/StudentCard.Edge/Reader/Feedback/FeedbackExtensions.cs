using Microsoft.Extensions.DependencyInjection.Extensions;

namespace StudentCard.Edge.Reader;

/// <summary>Wiring for the reader feedback: the default patterns, with the offline tail following the agent's link.</summary>
public static class FeedbackExtensions
{
    public static IHostApplicationBuilder AddReaderFeedback(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<OfflineIndicator>();
        builder.Services.AddSingleton(sp => new FeedbackPatterns(offline: sp.GetRequiredService<OfflineIndicator>()));
        return builder;
    }
}
