using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// Keeps an agent's log lines from Information up in memory (a Serilog sink the agent's logger picks up from its services), so a test
/// can see an alarm was logged, or that a line it must never write was not.
/// </summary>
public sealed class CapturingLogSink : ILogEventSink
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message)> Entries { get; } = new();

    public void Emit(LogEvent logEvent)
    {
        var level = logEvent.Level switch
        {
            LogEventLevel.Fatal => LogLevel.Critical,
            LogEventLevel.Error => LogLevel.Error,
            LogEventLevel.Warning => LogLevel.Warning,
            LogEventLevel.Information => LogLevel.Information,
            LogEventLevel.Debug => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (level >= LogLevel.Information)
        {
            var category = logEvent.Properties.TryGetValue("SourceContext", out var source) ? source.ToString().Trim('"') : "";
            Entries.Enqueue((level, category, logEvent.RenderMessage()));
        }
    }
}
