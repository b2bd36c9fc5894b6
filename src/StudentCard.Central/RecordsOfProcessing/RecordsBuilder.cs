using System.Globalization;
using StudentCard.Central.Retention;
using StudentCard.Central.Statistics;

namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>Builds the records of processing from the Processing, Retention and Statistics settings and the code's own facts.</summary>
public static class RecordsBuilder
{
    private static readonly string[] Order = ["gate", "bus", "library", "statistics", "vault", "audit"];

    public static ProcessingRecords Build(ProcessingOptions processing, RetentionOptions retention, StatisticsOptions statistics, DateTimeOffset now)
    {
        var activities = Order.Select(key =>
        {
            var defaults = ProcessingDefaults.Activities[key];
            var configured = processing.Activities.GetValueOrDefault(key);
            var (period, maximum, rule) = RetentionOf(key, retention, statistics);
            return new ProcessingActivity(
                key,
                defaults.Name,
                Text(configured?.Description) ?? defaults.Description,
                Text(configured?.LegalBasis) ?? defaults.LegalBasis,
                List(configured?.DataSubjects) ?? defaults.Subjects,
                ProcessingDefaults.DataCategories[key],
                List(configured?.Recipients) ?? defaults.Recipients,
                ProcessingDefaults.Storage[key],
                period,
                maximum,
                rule);
        }).ToList();
        return new ProcessingRecords(
            now,
            Text(processing.Controller) ?? NotConfigured(nameof(ProcessingOptions.Controller)),
            Text(processing.ControllerContact) ?? NotConfigured(nameof(ProcessingOptions.ControllerContact)),
            Text(processing.DpoContact) ?? NotConfigured(nameof(ProcessingOptions.DpoContact)),
            Text(processing.Transfers) ?? ProcessingDefaults.Transfers,
            activities,
            [.. ProcessingDefaults.SecurityMeasures, .. List(processing.AdditionalSecurityMeasures) ?? []]);
    }

    private static (TimeSpan? Period, TimeSpan? Maximum, string Rule) RetentionOf(string key, RetentionOptions retention, StatisticsOptions statistics)
    {
        if (ReaderTypes.TryParse(key, out var purpose))
        {
            return (retention.For(purpose), RetentionLimits.For(purpose),
                $"Passages are deleted {Duration(retention.For(purpose))} after they occurred (hard maximum {Duration(RetentionLimits.For(purpose))}), after being added to the anonymous counts. Agents' outbox rows are deleted as soon as Central confirms them.");
        }
        return key switch
        {
            "statistics" => (retention.Statistics, RetentionLimits.Statistics,
                $"Hourly counts are deleted {Duration(retention.Statistics)} after their hour (hard maximum {Duration(RetentionLimits.Statistics)}); counts below {statistics.SmallCellThreshold} are never reported as numbers."),
            "audit" => (retention.Audit, RetentionLimits.Audit,
                $"Entries are deleted {Duration(retention.Audit)} after they were written (between {Duration(RetentionLimits.AuditMinimum)} and {Duration(RetentionLimits.Audit)}), leaving a chain checkpoint."),
            _ => (null, null,
                "While the pupil is enrolled; removed on erasure or when the card holder leaves, with the pseudonymous entitlements derived from it."),
        };
    }

    private static string Duration(TimeSpan value) =>
        value.TotalDays >= 1 && value.Ticks % TimeSpan.TicksPerDay == 0 ? Plural((long)value.TotalDays, "day")
        : value.Ticks % TimeSpan.TicksPerHour == 0 ? Plural((long)value.TotalHours, "hour")
        : value.ToString("c", CultureInfo.InvariantCulture);

    private static string Plural(long count, string unit) => count == 1 ? $"1 {unit}" : $"{count.ToString(CultureInfo.InvariantCulture)} {unit}s";

    private static string NotConfigured(string setting) => string.Format(CultureInfo.InvariantCulture, ProcessingDefaults.NotConfigured, setting);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string[]? List(string[]? values) => values is { Length: > 0 } ? values : null;
}
