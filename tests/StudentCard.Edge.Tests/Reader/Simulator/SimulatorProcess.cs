using System.Diagnostics;
using StudentCard.FirmwareSim;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>The firmware simulator run as a real child process on a pty link, so it can be killed and restarted.</summary>
internal sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process)
    {
        _process = process;
    }

    public static async Task<SimulatorProcess> StartAsync(string linkPath, string heldCardHex)
    {
        var dll = typeof(SimulatedBoard).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, "--link", linkPath, "--hold-card", heldCardHex, "--quiet" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The simulator did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var simulator = new SimulatorProcess(process);
        await Eventually.Until(() => File.Exists(linkPath) || process.HasExited, "the simulator's pty link");
        Assert.False(process.HasExited, $"The simulator exited with code {(process.HasExited ? process.ExitCode : 0)}.");
        return simulator;
    }

    /// <summary>Kills this simulator (only the process this test started) and waits for it to end.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
