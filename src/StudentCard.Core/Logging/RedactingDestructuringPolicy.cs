using System.Diagnostics.CodeAnalysis;
using Serilog.Core;
using Serilog.Events;

namespace StudentCard.Core.Logging;

/// <summary>"{@Value}" of a sensitive object becomes its type name and a placeholder instead of its fields.</summary>
public sealed class RedactingDestructuringPolicy : IDestructuringPolicy
{
    public bool TryDestructure(object value, ILogEventPropertyValueFactory propertyValueFactory, [NotNullWhen(true)] out LogEventPropertyValue? result)
    {
        if (Redaction.IsSensitive(value))
        {
            result = Redaction.Redacted(value);
            return true;
        }
        result = null;
        return false;
    }
}
