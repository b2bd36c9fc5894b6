using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StudentCard.Core;
using StudentCard.Core.Synthetic;
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
        var desk = await system.RegisterDeskAsync(deskId);
        var board = SimulatedBoard.StartOnPseudoTerminal(Path.Combine(system.Options.DataDirectory, "dev", deskId), deskId);
        var settingsFile = Path.Combine(desk.DataDirectory, "desk.json");
        var settings = LocalSettings.Desk(system.Options, desk with { Secret = secretOverride ?? desk.Secret }, system.GrpcUrl, board.DevicePath!);
        LocalSettings.WriteFile(settingsFile, settings);
        var agent = EdgeAgentApp.Build(["--settings", settingsFile]);
        await agent.StartAsync();
        return new DeskRig(desk.DataDirectory, board, agent, settingsFile);
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
    public static Task AddStudentWithoutCardAsync(LocalSystem system, SyntheticStudent pupil) =>
        system.AddPupilWithoutCardAsync(pupil, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(300), ReaderType.Gate);

    public async ValueTask DisposeAsync()
    {
        await Agent.StopAsync(TimeSpan.FromSeconds(10));
        Agent.Dispose();
        await Board.DisposeAsync();
    }
}
