using System.Collections.Concurrent;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace StudentCard.EndToEnd.Tests.Privacy;

/// <summary>
/// A Serilog sink named in settings ("Serilog:WriteTo:0:Name" = "LeakCapture"), so Central and the
/// agents the local system starts write every event, rendered and as JSON, into memory for the leak scan.
/// </summary>
public static class LeakCapture
{
    public static readonly ConcurrentQueue<string> Events = new();

    private sealed class Sink : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            var json = new StringWriter();
            new JsonFormatter(renderMessage: true).Format(logEvent, json);
            Events.Enqueue(logEvent.RenderMessage() + " " + logEvent.Exception + " " + json);
        }
    }

    /// <param name="outputTemplate">Accepted and ignored: the local system passes the console's template.</param>
    public static LoggerConfiguration LeakCaptureSink(this LoggerSinkConfiguration configuration, string? outputTemplate = null) =>
        configuration.Sink(new Sink(), LogEventLevel.Verbose);
}
