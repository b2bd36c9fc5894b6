using StudentCard.Edge.Link;

namespace StudentCard.Edge.Reader;

/// <summary>Wiring for the reader feedback: the default patterns, with the offline tail following the agent's link.</summary>
public static class FeedbackExtensions
{
    public static IHostApplicationBuilder AddReaderFeedback(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new FeedbackPatterns(link: sp.GetRequiredService<LinkState>()));
        return builder;
    }
}
