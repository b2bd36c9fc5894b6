using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using StudentCard.Central.Observability;
using StudentCard.Core;
using StudentCard.EndToEnd.Tests.Resilience;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Privacy;

/// <summary>Logs outlive retention: taps logged at Information carry no pseudonym, and Central counts the decisions instead.</summary>
[Collection(ResilienceCollection.Name)]
public sealed class TapLoggingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Taps_through_a_real_agent_logging_at_information_leave_no_pseudonym_in_its_log_and_are_counted_by_decision_in_centrals_metrics()
    {
        await using var system = await ResilienceSystem.StartAsync(output, students: 60);
        var counted = new ConcurrentDictionary<(string Purpose, string Decision, string Reason), long>();
        using var listener = CountStoredPassages(system.CentralService<IMeterFactory>(), counted);
        var rig = await system.AddAgentAsync("gate-1", ReaderType.Gate, extra: new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" });

        await system.DriveAsync(rig, 10);
        await Eventually.WaitAsync(() => system.StoredByIngest == 10, "Central to store the ten taps");

        var decided = rig.Decided.Values.ToList();
        Assert.Equal(10, decided.Count);
        Assert.Contains(rig.Logs.Entries, e => e.Level == LogLevel.Information);
        Assert.All(decided, passage => Assert.DoesNotContain(rig.Logs.Entries, e => e.Message.Contains(passage.Pseudonym, StringComparison.OrdinalIgnoreCase)));
        var expected = decided.GroupBy(p => ("gate", p.Decision, p.Reason)).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(["allow", "deny"], expected.Keys.Select(k => k.Decision).Order());
        await Eventually.WaitAsync(() => expected.All(e => counted.GetValueOrDefault(e.Key) == e.Value), "Central's passage counter to count each decision");
        Assert.Equal(expected.Keys.Order(), counted.Keys.Order());
    }

    /// <summary>Listens to this Central's own passage counter only (its meter factory), whatever else runs in the process.</summary>
    private static MeterListener CountStoredPassages(IMeterFactory centralMeters, ConcurrentDictionary<(string, string, string), long> counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == centralMeters && instrument.Meter.Name == CentralMetrics.MeterName && instrument.Name == "studentcard.passages")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string purpose = "", decision = "", reason = "";
            foreach (var tag in tags)
            {
                var text = tag.Value as string ?? "";
                switch (tag.Key)
                {
                    case "purpose": purpose = text; break;
                    case "decision": decision = text; break;
                    case "reason": reason = text; break;
                }
            }
            counted.AddOrUpdate((purpose, decision, reason), value, (_, sum) => sum + value);
        });
        listener.Start();
        return listener;
    }
}
