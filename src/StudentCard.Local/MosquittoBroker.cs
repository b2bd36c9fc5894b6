using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StudentCard.Local;

/// <summary>
/// A real Mosquitto process on a free loopback port, configured from the repository's
/// deploy/mosquitto/mosquitto.conf with its paths moved into a temp directory. Stop kills it
/// (SIGKILL); Start on the same instance brings it back on the same port with the same files.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();
    private Process? _process;

    public MosquittoBroker(string directory, string authDirectory)
    {
        Directory = directory;
        AuthDirectory = authDirectory;
        Port = FreePort();
        System.IO.Directory.CreateDirectory(directory);
        System.IO.Directory.CreateDirectory(authDirectory);
    }

    public static string? Executable =>
        new[] { "/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto" }.FirstOrDefault(File.Exists);

    public string Directory { get; }

    public string AuthDirectory { get; }

    public int Port { get; }

    public string PidFile => Path.Combine(Directory, "mosquitto.pid");

    public string ConfigFile => Path.Combine(Directory, "mosquitto.conf");

    /// <summary>The repository's configuration with its paths and port replaced; everything else as deployed.</summary>
    public string WriteConfig()
    {
        var deployed = File.ReadAllLines(Path.Combine(RepositoryRoot(), "deploy", "mosquitto", "mosquitto.conf"));
        var lines = deployed.Select(line => line.Split(' ', 2)[0] switch
        {
            "pid_file" => $"pid_file {PidFile}",
            "persistence_location" => $"persistence_location {Directory}/",
            "listener" => $"listener {Port} 127.0.0.1",
            "password_file" => $"password_file {Path.Combine(AuthDirectory, "passwords")}",
            "acl_file" => $"acl_file {Path.Combine(AuthDirectory, "acl")}",
            _ => line,
        }).ToList();
        if (Environment.UserName == "root")
        {
            // As root Mosquitto would switch to the "mosquitto" user, who cannot read a temp directory.
            lines.Add("user root");
        }
        File.WriteAllLines(ConfigFile, lines);
        return ConfigFile;
    }

    public async Task StartAsync()
    {
        var executable = Executable ?? throw new InvalidOperationException("Mosquitto is not installed (apt-get install mosquitto); CI=true requires it.");
        WriteConfig();
        var start = new ProcessStartInfo(executable, ["-c", ConfigFile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Mosquitto did not start.");
        _process.OutputDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
        _process.ErrorDataReceived += (_, e) => _log.Enqueue(e.Data ?? "");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Until.TrueAsync(() => _process.HasExited || Listening(), "Mosquitto to listen");
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Mosquitto exited at start with code {_process.ExitCode}: {string.Join(" | ", _log)}");
        }
        await Until.TrueAsync(() => File.Exists(PidFile), "Mosquitto's pid file");
    }

    /// <summary>SIGKILL: no goodbye to clients, no final save.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _process = null;
        File.Delete(PidFile);
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private bool Listening()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        throw new InvalidOperationException("The repository root (StudentCard.sln) was not found above the running program's directory.");
    }
}
