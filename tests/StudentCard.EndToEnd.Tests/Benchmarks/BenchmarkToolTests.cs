using System.Diagnostics;

namespace StudentCard.EndToEnd.Tests.Benchmarks;

/// <summary>
/// Runs the benchmark tool end to end in its quick mode, so the documented command keeps working.
/// It checks that every figure is produced beside its baseline, never how fast anything was.
/// </summary>
public sealed class BenchmarkToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-bench-tool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_quick_run_prints_and_writes_every_figure_with_its_baseline()
    {
        var testDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = testDirectory.Parent!.Name;
        var root = testDirectory.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var tool = Path.Combine(root, "tests", "StudentCard.Benchmarks", "bin", configuration, "net10.0", "StudentCard.Benchmarks.dll");
        Assert.True(File.Exists(tool), $"benchmark tool not built at {tool}");
        var report = Path.Combine(_directory, "PERFORMANCE.md");

        var start = new ProcessStartInfo("dotnet", [tool, "--quick", "--out", report])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await errors}\n{await output}");
        var written = await File.ReadAllTextAsync(report);
        foreach (var figure in new[] { "Allow-list memory", "Allow-list full sync", "Decision at the edge", "One revocation", "Online check round trip", "online-check throughput", "Passage ingest", "Retention sweep", "Per failed sign-in", "Per tap: whole decision" })
        {
            Assert.Contains(figure, written);
            Assert.Contains(figure, await output);
        }
        var rows = written.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && char.IsDigit(l[2])).ToArray();
        Assert.True(rows.Length >= 10, $"expected at least 10 figures, got {rows.Length}");
        // Without Mosquitto its ingest row says "not installed" and has no ratio.
        Assert.All(rows.Where(r => !r.Contains("One revocation", StringComparison.Ordinal) && !r.Contains("not installed", StringComparison.Ordinal)), r => Assert.Matches(@"\| \d+\.\d\d \|", r));
    }
}
