using System.Collections.Concurrent;
using System.Diagnostics;

namespace StudentCard.Local;

/// <summary>
/// The reader agent as its own operating-system process, started the way an installation starts it
/// (<c>dotnet StudentCard.Edge.dll --settings FILE</c>), so that it can be killed with SIGKILL.
/// </summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AgentProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The agent as built next to the running program: the Edge project's own output for the same
    /// configuration, which building the solution (or the test project, which references it) produces.
    /// </summary>
    public static string AgentAssembly
    {
        get
        {
            var programDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = programDirectory.Name;
            var configuration = programDirectory.Parent!.Name;
            var root = programDirectory;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "StudentCard.sln")))
            {
                root = root.Parent;
            }
            if (root is null)
            {
                throw new InvalidOperationException($"no StudentCard.sln above {AppContext.BaseDirectory}");
            }
            var agent = Path.Combine(root.FullName, "src", "StudentCard.Edge", "bin", configuration, framework, "StudentCard.Edge.dll");
            if (!File.Exists(agent))
            {
                throw new InvalidOperationException($"the agent is not built at {agent}");
            }
            return agent;
        }
    }

    /// <summary>Starts an agent reading <paramref name="settingsFile"/>.</summary>
    public static AgentProcess Start(string settingsFile)
    {
        // The SDK names the dotnet host it runs under; outside it, the one on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet, [AgentAssembly, "--settings", settingsFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(settingsFile)!,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return new AgentProcess(Process.Start(start) ?? throw new InvalidOperationException("the agent process did not start"));
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed or closed by the agent.</summary>
    public void KillHard()
    {
        // On Unix, Process.Kill sends SIGKILL.
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>The last lines the agent wrote, for a failure message.</summary>
    public string Tail(int lines = 30) => string.Join('\n', _output.TakeLast(lines));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
