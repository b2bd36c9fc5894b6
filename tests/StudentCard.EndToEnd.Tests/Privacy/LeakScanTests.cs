using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Stores;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Demo;
using StudentCard.Edge.Outbox;

namespace StudentCard.EndToEnd.Tests.Privacy;

/// <summary>
/// 100 synthetic pupils enrolled and tapping at a gate, a bus and a library reader; then every
/// database file (WAL files included) but the vault, the agents' files, every byte that crossed
/// MQTT and gRPC, and every log event are searched for each UID, name and student number, and for
/// each card token. Nothing may be found. The same run shows the purposes' pseudonyms are unrelated.
/// </summary>
public sealed class LeakScanTests(PrivacyRun run) : IClassFixture<PrivacyRun>
{
    private const int Pupils = PrivacyRun.Pupils;

    [Fact]
    public async Task No_uid_name_student_number_or_card_token_is_found_outside_the_vault()
    {
        var haystacks = run.FilesOutsideTheVault();
        haystacks["MQTT wire"] = run.Mqtt.Captured();
        haystacks["gRPC wire"] = run.Grpc.Captured();
        haystacks["logs"] = Encoding.UTF8.GetBytes(string.Join("\n", LeakCapture.Events));
        await using var vault = await run.Local.Central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        var tokens = await vault.Cards.Select(c => c.CardToken).ToListAsync();

        // The scan must be able to see: the haystacks are not empty and the outboxes, allow-lists and both wires were used.
        Assert.Equal(Pupils, tokens.Count);
        Assert.Contains(haystacks.Keys, k => k.EndsWith("outbox.db", StringComparison.Ordinal));
        Assert.Contains(haystacks.Keys, k => k.EndsWith("allowlist-bus.bin", StringComparison.Ordinal));
        Assert.Contains(haystacks.Keys, k => k.EndsWith("central.db-wal", StringComparison.Ordinal) || k.EndsWith("central.db", StringComparison.Ordinal));
        Assert.True(haystacks["MQTT wire"].Length > 10_000 && haystacks["gRPC wire"].Length > 10_000 && LeakCapture.Events.Count > 300,
            $"captures too small: mqtt {haystacks["MQTT wire"].Length}, grpc {haystacks["gRPC wire"].Length}, logs {LeakCapture.Events.Count}");
        // The vault's rows may still be only in its WAL: read both files, shared, as the running Central holds them.
        var vaultFile = Directory.EnumerateFiles(Path.Combine(run.Directory, "central"), "vault.db*")
            .SelectMany(path =>
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            })
            .ToArray();
        Assert.True(Needles.Occurs(vaultFile, Needles.For(run.Local.Students[0]).Single(n => n.What == "student number")), "the scan finds a student number where it is (the vault)");

        var hits = new List<string>();
        foreach (var (where, bytes) in haystacks)
        {
            foreach (var pupil in run.Local.Students)
            {
                hits.AddRange(Needles.For(pupil).Where(n => Needles.Occurs(bytes, n)).Select(n => $"{n.What} of {pupil.StudentNumber} in {where}"));
            }
            hits.AddRange(tokens.Where(t => Needles.Occurs(bytes, new Needles.Needle("card token", Encoding.ASCII.GetBytes(t), true))).Select(_ => $"a card token in {where}"));
        }
        Assert.Empty(hits);
    }

    [Fact]
    public async Task Gate_bus_and_library_data_share_no_identifier_value()
    {
        await using var db = await run.Local.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        var byPurpose = new Dictionary<ReaderType, HashSet<string>>();
        foreach (var purpose in ReaderTypes.All)
        {
            var values = await db.Passages.Where(p => p.Purpose == purpose).Select(p => p.Pseudonym).ToListAsync();
            values.AddRange(await db.Entitlements.Where(e => e.Purpose == purpose).Select(e => e.Pseudonym).ToListAsync());
            byPurpose[purpose] = values.ToHashSet(StringComparer.Ordinal);
            Assert.True(byPurpose[purpose].Count >= Pupils / 2, $"{purpose} holds pseudonyms");
        }

        Assert.Empty(byPurpose[ReaderType.Gate].Intersect(byPurpose[ReaderType.Bus]));
        Assert.Empty(byPurpose[ReaderType.Gate].Intersect(byPurpose[ReaderType.Library]));
        Assert.Empty(byPurpose[ReaderType.Bus].Intersect(byPurpose[ReaderType.Library]));
        // Each pupil tapped each reader once, so each purpose holds exactly one pseudonym per pupil among its passages.
        foreach (var purpose in ReaderTypes.All)
        {
            Assert.Equal(Pupils, await db.Passages.Where(p => p.Purpose == purpose).Select(p => p.Pseudonym).Distinct().CountAsync());
        }
    }
}

/// <summary>One local system with the capture in place, where every pupil taps at every reader once.</summary>
public sealed class PrivacyRun : IAsyncLifetime
{
    public const int Pupils = 100;

    public string Directory { get; } = global::System.IO.Directory.CreateTempSubdirectory("sc-leak-").FullName;

    public LocalSystem Local => _system;

    public WireTap Mqtt => _mqtt;

    public WireTap Grpc => _grpc;

    public Task TapsDone { get; private set; } = Task.CompletedTask;

    private LocalSystem _system = null!;
    private WireTap _mqtt = null!;
    private WireTap _grpc = null!;

    public async Task InitializeAsync()
    {
        LeakCapture.Events.Clear();
        var grpcPort = WireTap.FreePort();
        var mqttPort = WireTap.FreePort();
        _grpc = new WireTap(grpcPort);
        _mqtt = new WireTap(mqttPort);
        var logging = new Dictionary<string, string?>
        {
            ["Serilog:Using:0"] = typeof(LeakCapture).Assembly.GetName().Name,
            ["Serilog:WriteTo:0:Name"] = nameof(LeakCapture.LeakCaptureSink),
            ["Serilog:MinimumLevel:Default"] = "Verbose",
            // Every level of StudentCard's own code; the frameworks' traces (per HTTP/2 frame) would only slow the run.
            ["Serilog:MinimumLevel:Override:Microsoft"] = "Information",
            ["Serilog:MinimumLevel:Override:Grpc"] = "Information",
            ["Serilog:MinimumLevel:Override:System"] = "Information",
        };
        var central = new Dictionary<string, string?>(logging) { ["Grpc:Port"] = grpcPort.ToString(CultureInfo.InvariantCulture), ["Admin:Port"] = "0", ["Mqtt:Port"] = mqttPort.ToString(CultureInfo.InvariantCulture) };
        var agents = new Dictionary<string, string?>(logging)
        {
            ["Edge:CentralUrl"] = $"http://127.0.0.1:{_grpc.Port}",
            ["Edge:MqttHost"] = "127.0.0.1",
            ["Edge:MqttPort"] = _mqtt.Port.ToString(CultureInfo.InvariantCulture),
        };
        _system = await LocalSystem.StartAsync(DemoSchool.System(Directory) with
        {
            StudentCount = Pupils,
            LogLevel = "Verbose",
            CentralSettings = central,
            AgentSettings = agents,
        });
        TapsDone = EveryPupilTapsEverywhereAsync();
        await TapsDone;
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        await _mqtt.DisposeAsync();
        await _grpc.DisposeAsync();
        SqliteConnection.ClearAllPools();
        global::System.IO.Directory.Delete(Directory, recursive: true);
    }

    public async Task<int> PassageCountAsync(string readerId)
    {
        await using var db = await _system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        return await db.Passages.CountAsync(p => p.ReaderId == readerId);
    }

    public async Task EveryPupilTapsEverywhereAsync()
    {
        await Task.WhenAll(_system.Readers.Select(async rig =>
        {
            var script = new StringBuilder();
            foreach (var pupil in _system.Students)
            {
                // Each card stays a second in the field: a reader on a busy shared test machine still sees every one.
                script.Append(CultureInfo.InvariantCulture, $"tap {Convert.ToHexString(pupil.CardUid)} 1000\nwait 150\n");
            }
            await rig.Board.RunScriptAsync(new StringReader(script.ToString()), CancellationToken.None);
        }));
        foreach (var rig in _system.Readers)
        {
            await Eventually.WaitAsync(() => PassageCountAsync(rig.ReaderId), n => n >= Pupils, $"{Pupils} passages from {rig.ReaderId}", seconds: 120);
            await Eventually.WaitAsync(() => rig.AgentService<PassageOutbox>().Count == 0, $"{rig.ReaderId}'s outbox to empty", seconds: 60);
        }
    }

    /// <summary>
    /// Every file under the data directory but the vault's, read while the system still runs (WAL files not yet checkpointed).
    /// SQLite deletes a WAL file when its last connection closes, so a file may vanish between listing and reading:
    /// the whole snapshot is then read again, since what the WAL held went into a file that may already have been read.
    /// </summary>
    public Dictionary<string, byte[]> FilesOutsideTheVault()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return ReadFilesOutsideTheVault();
            }
            catch (FileNotFoundException) when (attempt < 20)
            {
                Thread.Sleep(50);
            }
        }
    }

    private Dictionary<string, byte[]> ReadFilesOutsideTheVault()
    {
        var files = new Dictionary<string, byte[]>();
        foreach (var path in global::System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            // The boards' device links point at pseudo-terminals: reading one would wait for input forever.
            if (Path.GetFileName(path).StartsWith("vault.db", StringComparison.Ordinal) || new FileInfo(path).LinkTarget is not null)
            {
                continue;
            }
            // Central's lock file is never written to, only held (exclusively, so it cannot be opened while Central runs).
            if (Path.GetFileName(path) == Central.Hosting.CentralLock.FileName)
            {
                Assert.Equal(0, new FileInfo(path).Length);
                continue;
            }
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[Path.GetRelativePath(Directory, path)] = copy.ToArray();
        }
        return files;
    }
}
