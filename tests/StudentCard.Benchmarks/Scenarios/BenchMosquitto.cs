using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// A real Mosquitto process on a free loopback port, configured from the repository's
/// deploy/mosquitto/mosquitto.conf with only its paths and port moved into a temp directory,
/// as the end-to-end resilience tests run it.
/// </summary>
public sealed class BenchMosquitto : IAsyncDisposable
{
    private readonly Process _process;

    private BenchMosquitto(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public static string? Executable =>
        new[] { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists);

    public string Directory { get; }

    public int Port { get; }

    public static string AuthDirectoryIn(string directory) => Path.Combine(directory, "auth");

    public static string PidFileIn(string directory) => Path.Combine(directory, "mosquitto.pid");

    /// <summary>Starts Mosquitto with Central's password and ACL files under <paramref name="directory"/>/auth.</summary>
    public static async Task<BenchMosquitto> StartAsync(string directory, int port)
    {
        var executable = Executable ?? throw new InvalidOperationException("Mosquitto is not installed (apt-get install mosquitto).");
        System.IO.Directory.CreateDirectory(AuthDirectoryIn(directory));
        var config = Path.Combine(directory, "mosquitto.conf");
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "mosquitto", "mosquitto.conf")).Select(line => line.Split(' ', 2)[0] switch
        {
            "pid_file" => $"pid_file {PidFileIn(directory)}",
            "persistence_location" => $"persistence_location {directory}/",
            "listener" => $"listener {port} 127.0.0.1",
            "password_file" => $"password_file {Path.Combine(AuthDirectoryIn(directory), "passwords")}",
            "acl_file" => $"acl_file {Path.Combine(AuthDirectoryIn(directory), "acl")}",
            // Connection notices for every client would be noise in the benchmark's output.
            "connection_messages" => "connection_messages false",
            _ => line,
        }).ToList();
        if (Environment.UserName == "root")
        {
            // As root Mosquitto would switch to the "mosquitto" user, who cannot read a temp directory.
            lines.Add("user root");
        }
        File.WriteAllLines(config, lines);
        var process = Process.Start(new ProcessStartInfo(executable, ["-c", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Mosquitto did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (!Listening(port) || !File.Exists(PidFileIn(directory)))
        {
            if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"Mosquitto did not start listening on port {port}.");
            }
            await Task.Delay(20);
        }
        return new BenchMosquitto(process, directory, port);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "StudentCard.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (StudentCard.sln) was not found above the benchmark's directory.");
    }
}
