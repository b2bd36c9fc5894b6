using System.Diagnostics;

namespace StudentCard.EndToEnd.Tests;

/// <summary>
/// The README's first command as a process: the demo comes up with every reader and the admin UI, and a SIGTERM (what a
/// service manager, <c>timeout</c> or <c>docker stop</c> sends) stops it cleanly as Ctrl+C does, even while it is still
/// creating its staff accounts, instead of leaving it running or dying of the cancellation.
/// </summary>
public sealed class DemoProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-e2e-demo-process-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_demo_starts_and_stops_on_sigterm()
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "StudentCard.Demo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { demo, "--data", Path.Combine(_directory, "demo"), "--students", "8" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _directory,
        };
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(e.Data);
            }
            if (e.Data.StartsWith("Admin UI:", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.False(process.HasExited, Output());

            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
                Assert.Equal(0, term.ExitCode);
            }
            using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(stopping.Token);
            Assert.True(process.ExitCode == 0 && Output().Contains("Stopped.", StringComparison.Ordinal), $"exit {process.ExitCode}:\n{Output()}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string Output()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
