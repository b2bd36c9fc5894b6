using Serilog;

namespace StudentCard.Core.Logging;

/// <summary>Adds StudentCard's redaction to a Serilog configuration; Central and every agent call it.</summary>
public static class RedactionConfiguration
{
    public static LoggerConfiguration WithStudentCardRedaction(this LoggerConfiguration configuration) =>
        configuration.Destructure.With<RedactingDestructuringPolicy>().Enrich.With<RedactingEnricher>();
}
