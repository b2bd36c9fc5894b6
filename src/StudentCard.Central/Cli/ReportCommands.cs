using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.Retention;
using StudentCard.Central.Statistics;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Cli;

/// <summary>"retention report" (what each store holds against its retention) and "statistics report" (small-cell-suppressed counts).</summary>
public static class ReportCommands
{
    public static Command CreateRetention()
    {
        var report = new StoreCommand("report", "Per purpose: retention, hard maximum, passages held, the oldest one, and any past retention awaiting the sweeper.");
        report.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var output = CliOptions.Out(parsed);
            var retention = services.Get<IOptions<RetentionOptions>>().Value;
            var now = services.Get<TimeProvider>().GetUtcNow();
            await using var central = await services.Get<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync(cancellationToken);
            output.WriteLine("store\tretention\tmaximum\theld\toldest\tpast retention");
            foreach (var purpose in ReaderTypes.All)
            {
                var cutoff = now - retention.For(purpose);
                var passages = central.Passages.Where(p => p.Purpose == purpose);
                var held = await passages.CountAsync(cancellationToken);
                var oldest = await passages.OrderBy(p => p.OccurredAt).Select(p => (DateTimeOffset?)p.OccurredAt).FirstOrDefaultAsync(cancellationToken);
                var overdue = await passages.CountAsync(p => p.OccurredAt <= cutoff, cancellationToken);
                output.WriteLine(string.Join('\t', $"{purpose.Name()} passages", Span(retention.For(purpose)), Span(RetentionLimits.For(purpose)), held, Time(oldest), overdue));
            }
            var counts = await central.HourlyCounts.CountAsync(cancellationToken);
            var oldestCount = await central.HourlyCounts.OrderBy(c => c.Hour).Select(c => (DateTimeOffset?)c.Hour).FirstOrDefaultAsync(cancellationToken);
            output.WriteLine(string.Join('\t', "hourly counts", Span(retention.Statistics), Span(RetentionLimits.Statistics), counts, Time(oldestCount), "-"));
            await using var audit = await services.Get<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync(cancellationToken);
            var entries = await audit.Entries.CountAsync(cancellationToken);
            var oldestEntry = await audit.Entries.OrderBy(e => e.Sequence).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(cancellationToken);
            output.WriteLine(string.Join('\t', "audit entries", Span(retention.Audit), Span(RetentionLimits.Audit), entries, Time(oldestEntry), "-"));
            return CliExit.Ok;
        });
        var command = new Command("retention", "Retention of each store.");
        command.Subcommands.Add(report);
        return command;
    }

    public static Command CreateStatistics()
    {
        var purpose = CliOptions.Purpose();
        var from = new Option<DateTimeOffset>("--from") { Description = "Start (UTC), e.g. 2026-11-02.", Required = true };
        var until = new Option<DateTimeOffset>("--until") { Description = "End (UTC, exclusive).", Required = true };
        var report = new StoreCommand("report", "Anonymous counts per reader, hour and direction; counts below the small-cell threshold show as <N.") { purpose, from, until };
        report.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var start = parsed.GetValue(from);
            var end = parsed.GetValue(until);
            if (end <= start)
            {
                throw new CliUsageException("--until must be after --from.");
            }
            var reports = services.Get<StatisticsReports>();
            var rows = parsed.GetValue(purpose) switch
            {
                ReaderType.Bus => await reports.RidershipAsync(start, end, cancellationToken),
                ReaderType.Library => await reports.LibraryEntrancesAsync(start, end, cancellationToken),
                _ => await reports.GateTrafficAsync(start, end, cancellationToken),
            };
            var output = CliOptions.Out(parsed);
            output.WriteLine("reader\thour (UTC)\tdirection\tpasses\trefusals");
            foreach (var row in rows)
            {
                output.WriteLine(string.Join('\t', row.ReaderId, row.Hour.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), row.Direction, row.Passes, row.Refusals));
            }
            output.WriteLine($"{rows.Count} cells.");
            return CliExit.Ok;
        });
        var command = new Command("statistics", "Anonymous usage statistics.");
        command.Subcommands.Add(report);
        return command;
    }

    private static string Span(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-";
}
