using StudentCard.Edge;
using StudentCard.Edge.Enrollment;
using StudentCard.FirmwareSim;

namespace StudentCard.Local;

/// <summary>
/// An enrollment desk of the local system: a registered desk, its simulated PN532 board on a pseudo-terminal,
/// its K_site-only key file and settings file, and an agent in enrollment mode driving the board.
/// </summary>
public sealed class DeskRig : IAsyncDisposable
{
    private DeskRig(LocalDesk registration, SimulatedBoard board, IHost agent, string settingsFile)
    {
        Registration = registration;
        Board = board;
        Agent = agent;
        SettingsFile = settingsFile;
    }

    public LocalDesk Registration { get; }

    public string DeskId => Registration.DeskId;

    public string Directory => Registration.DataDirectory;

    public SimulatedBoard Board { get; }

    public IHost Agent { get; }

    /// <summary>The desk's settings (id, secret, Central's address, key file), as the staff command reads them.</summary>
    public string SettingsFile { get; }

    public IReadOnlyList<DeskOutcome> Outcomes => Agent.Services.GetRequiredService<DeskOutcomeLog>().Recent;

    /// <summary>Registers a desk (or uses the given secret instead of the issued one) and starts its board and agent.</summary>
    internal static async Task<DeskRig> StartAsync(LocalSystem system, string deskId, string? secretOverride, CancellationToken ct)
    {
        var desk = await system.RegisterDeskAsync(deskId, ct);
        var link = Path.Combine(system.Options.DataDirectory, "dev", deskId);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        var board = SimulatedBoard.StartOnPseudoTerminal(link, deskId, system.Options.Console);
        try
        {
            var settingsFile = Path.Combine(desk.DataDirectory, "desk.json");
            var settings = LocalSettings.Desk(system.Options, desk with { Secret = secretOverride ?? desk.Secret }, system.GrpcUrl, board.DevicePath!);
            LocalSettings.WriteFile(settingsFile, settings);
            var agent = EdgeAgentApp.Build(["--settings", settingsFile]);
            await agent.StartAsync(ct);
            return new DeskRig(desk, board, agent, settingsFile);
        }
        catch
        {
            await board.DisposeAsync();
            throw;
        }
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
        await Until.TrueAsync(() => Outcomes.Count > before, "the desk's answer to a tapped card");
        Board.Field.Remove(uid);
        return Outcomes[before];
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.StopAsync(TimeSpan.FromSeconds(10));
        Agent.Dispose();
        await Board.DisposeAsync();
    }
}
