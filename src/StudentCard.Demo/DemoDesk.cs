using StudentCard.FirmwareSim;
using StudentCard.Local;

namespace StudentCard.Demo;

/// <summary>
/// The demo's enrollment desk: where its board and settings are, how a staff member opens an enrollment there,
/// and the desk board's taps read from the console (tap script lines such as "tap 04A1B2C3D4E5F6 500").
/// </summary>
public static class DemoDesk
{
    public const string DeskId = "desk-1";

    /// <summary>A card nobody holds in the demo, offered as the newcomer's new card.</summary>
    public const string NewCardUid = "04D35C0A1B2C80";

    public static IEnumerable<string> Describe(DeskRig desk) =>
    [
        $"  {desk.DeskId,-10} (enrollment desk): simulated PN532 on {desk.Board.DevicePath}, settings in {desk.SettingsFile}",
        $"    open an enrollment on the admin UI's Cards page, or: dotnet run --project src/StudentCard.Edge -- desk open --student NUMBER --settings {desk.SettingsFile}",
        $"    then tap a card at the desk: type \"tap {NewCardUid} 500\" and Enter (green: bound; amber: bound, but the pupil has no rights yet; red: refused)",
    ];

    /// <summary>Runs the tap script lines typed on <paramref name="input"/> on the desk's board until the input ends; a bad line is explained and skipped.</summary>
    public static async Task TapsFromConsoleAsync(DeskRig desk, TextReader input, TextWriter output, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await desk.Board.RunScriptAsync(input, ct);
                return;
            }
            catch (TapScriptException e)
            {
                output.WriteLine($"[{desk.DeskId}] {e.Message}; a tap at the desk is e.g. \"tap {NewCardUid} 500\".");
            }
        }
    }
}
