using Serilog.Core;
using Serilog.Events;

namespace StudentCard.Core.Logging;

/// <summary>
/// Scrubs every property of every event, nested ones included, so a sensitive value logged
/// without "@" (kept as a scalar and formatted only by the sink) is replaced before any sink sees it.
/// </summary>
public sealed class RedactingEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var scrubbed = Redaction.Scrub(value);
            if (!ReferenceEquals(scrubbed, value))
            {
                (replaced ??= []).Add(new LogEventProperty(name, scrubbed));
            }
        }
        foreach (var property in replaced ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }
}
