using System.Text.Json;
using Microsoft.Data.Sqlite;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// One reader whose agent runs as its own process against a <see cref="ResilienceSystem"/>'s Central:
/// its registration, files and settings, its simulated board feeding a burst of cards, and its link
/// to the broker through a proxy the test can hold down.
/// </summary>
public sealed class ProcessAgentRig : IAsyncDisposable
{
    private readonly ResilienceSystem _system;
    private readonly List<AgentProcess> _processes = [];

    private ProcessAgentRig(ResilienceSystem system, string readerId, ReaderType type, IReadOnlyList<byte[]> cards)
    {
        _system = system;
        ReaderId = readerId;
        Type = type;
        DataDirectory = Path.Combine(system.Root, "process-agents", readerId);
        Directory.CreateDirectory(DataDirectory);
        Board = new BurstBoard(cards);
        Proxy = new TcpCutProxy("127.0.0.1", system.MqttPort);
        var keys = system.Keys;
        Pseudonyms = cards
            .Select((uid, index) => (PseudonymDeriver.Pseudonym(new CardUid(uid), type, keys.Site, keys.Current(type)).Value, index))
            .ToDictionary(x => x.Value, x => x.index);
    }

    public string ReaderId { get; }

    public ReaderType Type { get; }

    public string DataDirectory { get; }

    public BurstBoard Board { get; }

    public TcpCutProxy Proxy { get; }

    /// <summary>The purpose pseudonym of each card of the burst, to the card's index.</summary>
    public IReadOnlyDictionary<string, int> Pseudonyms { get; }

    /// <summary>Ids of the passages in the outbox on disk when the agent was killed, one set per kill.</summary>
    public List<IReadOnlySet<Guid>> OutboxAtDeath { get; } = [];

    public AgentProcess Current => _processes[^1];

    public string OutboxPath => Path.Combine(DataDirectory, "outbox.db");

    /// <summary>Registers the reader, writes its key and settings files, starts its board and its agent, and waits for its allow-list.</summary>
    public static async Task<ProcessAgentRig> StartAsync(ResilienceSystem system, string readerId, ReaderType type, IReadOnlyList<byte[]> cards)
    {
        var rig = new ProcessAgentRig(system, readerId, type, cards);
        try
        {
            var secret = await system.CentralService<ReaderRegistry>().RegisterAsync(readerId, type);
            KeyFile.Write(Path.Combine(rig.DataDirectory, "keys.json"), system.Keys.ForReader(type));
            rig.WriteSettings(secret);
            rig.Board.Serve();
            rig.StartAgent();
            var allowList = Path.Combine(rig.DataDirectory, $"allowlist-{type.Name()}.bin");
            await Eventually.WaitAsync(() => File.Exists(allowList) || rig.Current.HasExited, $"{readerId} to hold an allow-list", 60);
            Assert.False(rig.Current.HasExited, $"the agent of {readerId} exited:\n{rig.Current.Tail()}");
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL now, then keeps what the kill left in the outbox: the passages it wrote and Central had not confirmed.</summary>
    public IReadOnlySet<Guid> Kill()
    {
        Current.KillHard();
        var ids = ReadOutboxImage();
        OutboxAtDeath.Add(ids);
        Board.NextAgentLife();
        return ids;
    }

    /// <summary>Starts a new agent process from the same files and settings.</summary>
    public void StartAgent() => _processes.Add(AgentProcess.Start(Path.Combine(DataDirectory, "edge.json")));

    /// <summary>Passages still in the outbox (read through SQLite beside the running agent).</summary>
    public long OutboxCount()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = OutboxPath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox;";
        return (long)command.ExecuteScalar()!;
    }

    public string Tails() => string.Join("\n---\n", _processes.Select(p => p.Tail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }
        await Board.DisposeAsync();
        await Proxy.DisposeAsync();
    }

    // Read from a copy, so the restarted agent meets exactly the files the kill left (WAL not checkpointed, no clean close).
    private HashSet<Guid> ReadOutboxImage()
    {
        var image = Path.Combine(_system.Root, "outbox-images", $"{ReaderId}-{OutboxAtDeath.Count}");
        Directory.CreateDirectory(image);
        foreach (var file in Directory.GetFiles(DataDirectory, "outbox.db*"))
        {
            File.Copy(file, Path.Combine(image, Path.GetFileName(file)));
        }
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(image, "outbox.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM outbox;";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<Guid>();
        while (reader.Read())
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }
        return ids;
    }

    private void WriteSettings(string secret)
    {
        var settings = new Dictionary<string, object>
        {
            ["Edge"] = new Dictionary<string, object>
            {
                ["ReaderId"] = ReaderId,
                ["ReaderType"] = Type.Name(),
                ["ReaderSecret"] = secret,
                ["Direction"] = Type == ReaderType.Gate ? "In" : "None",
                ["CentralUrl"] = $"http://127.0.0.1:{_system.Central!.Configuration["Grpc:Port"]}",
                ["MqttHost"] = "127.0.0.1",
                ["MqttPort"] = Proxy.Port,
                ["DataDirectory"] = DataDirectory,
                ["KeyFile"] = Path.Combine(DataDirectory, "keys.json"),
                ["HeartbeatSeconds"] = 1,
                ["ResendAfterSeconds"] = 3,
                ["ReconnectMaxMs"] = 500,
            },
            ["Reader"] = new Dictionary<string, object>
            {
                ["Transport"] = "tcp",
                ["TcpHost"] = "127.0.0.1",
                ["TcpPort"] = Board.Port,
                // Cards come one after another at once: poll again as soon as a poll ends.
                ["PollIntervalMs"] = 0,
                ["ReconnectMinMs"] = 50,
                ["ReconnectMaxMs"] = 500,
            },
            ["Serilog"] = new Dictionary<string, object>
            {
                ["MinimumLevel"] = new Dictionary<string, object> { ["Default"] = "Warning" },
            },
        };
        var path = Path.Combine(DataDirectory, "edge.json");
        File.WriteAllText(path, JsonSerializer.Serialize(settings, new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            // It holds the reader's secret, as a provisioned edge.json does.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
