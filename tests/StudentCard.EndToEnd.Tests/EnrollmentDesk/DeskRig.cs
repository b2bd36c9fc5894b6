using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StudentCard.Central;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Hosting;
using StudentCard.Central.Keys;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;
using StudentCard.Demo;
using StudentCard.Edge;
using StudentCard.Edge.Enrollment;
using StudentCard.FirmwareSim;

namespace StudentCard.EndToEnd.Tests.EnrollmentDesk;

/// <summary>
/// An enrollment desk beside a running local system: a registered desk, its simulated PN532 board on
/// a pseudo-terminal, its K_site-only key file and settings file, and an agent in enrollment mode.
/// </summary>
public sealed class DeskRig : IAsyncDisposable
{
    private DeskRig(string directory, SimulatedBoard board, IHost agent, string settingsFile)
    {
        Directory = directory;
        Board = board;
        Agent = agent;
        SettingsFile = settingsFile;
    }

    public string Directory { get; }

    public SimulatedBoard Board { get; }

    public IHost Agent { get; }

    /// <summary>The desk's settings (id, secret, Central's address, key file), as the staff command reads them.</summary>
    public string SettingsFile { get; }

    public IReadOnlyList<DeskOutcome> Outcomes => Agent.Services.GetRequiredService<DeskOutcomeLog>().Recent;

    /// <summary>Registers a desk (or uses the given secret instead of the issued one) and starts its board and agent.</summary>
    public static async Task<DeskRig> StartAsync(LocalSystem system, string deskId, string? secretOverride = null)
    {
        var registry = system.Central.Services.GetRequiredService<DeskRegistry>();
        var secret = await registry.RegisterAsync(deskId);
        var directory = Path.Combine(system.Options.DataDirectory, "desks", deskId);
        System.IO.Directory.CreateDirectory(directory);
        var keyFile = Path.Combine(directory, "keys.json");
        // What "keys export-desk" writes: K_site and no purpose key.
        KeyFile.Write(keyFile, new KeyRing(KeyFile.Read(system.KeyFilePath).Site, []));
        var settingsFile = Path.Combine(directory, "desk.json");
        await File.WriteAllTextAsync(settingsFile, new JsonObject
        {
            ["Edge"] = new JsonObject { ["Mode"] = "Enrollment" },
            ["Desk"] = new JsonObject
            {
                ["DeskId"] = deskId,
                ["DeskSecret"] = secretOverride ?? secret,
                ["CentralUrl"] = system.Central.Services.GetRequiredService<CentralEndpoints>().GrpcUrl,
                ["KeyFile"] = keyFile,
            },
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var board = SimulatedBoard.StartOnPseudoTerminal(Path.Combine(system.Options.DataDirectory, "dev", deskId), deskId);
        var agent = EdgeAgentApp.Build(["--settings", settingsFile], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = board.DevicePath,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        }));
        await agent.StartAsync();
        return new DeskRig(directory, board, agent, settingsFile);
    }

    /// <summary>The staff member's command at this desk: "desk open --student NUMBER [--reissue true]".</summary>
    public async Task<(int ExitCode, string Output, string Error)> OpenAsync(string studentNumber, bool reissue = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["desk", "open", "--student", studentNumber, "--reissue", reissue ? "true" : "false", "--settings", SettingsFile];
        var exit = await DeskCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Presents a card at the desk until the desk answered it, then takes it away.</summary>
    public async Task<DeskOutcome> TapAsync(byte[] uid)
    {
        var before = Outcomes.Count;
        Board.Field.Present(SimulatedCard.FromHex(Convert.ToHexString(uid)));
        await Eventually.WaitAsync(() => Outcomes.Count > before, "the desk's answer to a tapped card");
        Board.Field.Remove(uid);
        return Outcomes[before];
    }

    /// <summary>A pupil in the vault without a card, as a roster import leaves them, with a gate right for the school year.</summary>
    public static async Task AddStudentWithoutCardAsync(LocalSystem system, SyntheticStudent pupil)
    {
        await using var vault = await system.Central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        var student = new Student
        {
            StudentNumber = pupil.StudentNumber,
            GivenName = pupil.GivenName,
            FamilyName = pupil.FamilyName,
            School = pupil.School,
            ClassName = pupil.ClassName,
            BirthYear = pupil.BirthYear,
            GuardianName = pupil.GuardianName,
        };
        vault.Students.Add(student);
        await vault.SaveChangesAsync();
        vault.StudentPurposes.Add(new StudentPurpose
        {
            StudentId = student.Id,
            Purpose = ReaderType.Gate,
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidUntil = DateTimeOffset.UtcNow.AddDays(300),
        });
        await vault.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.StopAsync(TimeSpan.FromSeconds(10));
        Agent.Dispose();
        await Board.DisposeAsync();
    }
}
