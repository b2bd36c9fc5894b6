using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace StudentCard.Central.Retention;

/// <summary>
/// The "Retention" configuration section: how long each purpose's passages, the anonymous counts and
/// the audit log are kept, and how the sweeper works. Values are TimeSpans ("7.00:00:00").
/// A value above its <see cref="RetentionLimits"/> maximum stops Central's start.
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    public TimeSpan Gate { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan Bus { get; set; } = TimeSpan.FromHours(48);

    public TimeSpan Library { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the anonymous hourly counts are kept.</summary>
    public TimeSpan Statistics { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long audit entries are kept; older ones give way to a chain checkpoint.</summary>
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);

    /// <summary>The longest the sweeper waits between sweeps; it also wakes when the oldest passage expires.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Passages deleted per transaction, so the ingest writer never waits long for the sweeper.</summary>
    [Range(1, 10_000)]
    public int DeleteBatchSize { get; set; } = 500;

    public TimeSpan For(ReaderType purpose) => purpose switch
    {
        ReaderType.Gate => Gate,
        ReaderType.Bus => Bus,
        ReaderType.Library => Library,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown purpose."),
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var purpose in ReaderTypes.All)
        {
            var name = char.ToUpperInvariant(purpose.Name()[0]) + purpose.Name()[1..];
            if (Within(For(purpose), TimeSpan.Zero, RetentionLimits.For(purpose), $"{Section}:{name}", $"{purpose.Name()} passages") is { } problem)
            {
                yield return problem;
            }
        }
        if (Within(Statistics, TimeSpan.Zero, RetentionLimits.Statistics, $"{Section}:{nameof(Statistics)}", "anonymous counts") is { } statistics)
        {
            yield return statistics;
        }
        if (Within(Audit, RetentionLimits.AuditMinimum, RetentionLimits.Audit, $"{Section}:{nameof(Audit)}", "the audit log") is { } audit)
        {
            yield return audit;
        }
        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{Section}:{nameof(SweepInterval)} is {Text(SweepInterval)}; it must be between 00:00:01 and 01:00:00.", [nameof(SweepInterval)]);
        }
    }

    private static ValidationResult? Within(TimeSpan value, TimeSpan minimum, TimeSpan maximum, string setting, string what)
    {
        if (value > maximum)
        {
            return new ValidationResult(
                $"{setting} is {Text(value)}, above the hard maximum of {Text(maximum)} for {what}; the maximum is fixed in code and no setting can exceed it.",
                [setting]);
        }
        return value < minimum
            ? new ValidationResult($"{setting} is {Text(value)}, below the minimum of {Text(minimum)} for {what}.", [setting])
            : null;
    }

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
