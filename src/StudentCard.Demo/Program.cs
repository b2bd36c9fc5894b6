using System.Globalization;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Staff;
using StudentCard.Central.Stores;
using StudentCard.Core;
using StudentCard.Demo;
using StudentCard.Edge.Outbox;
using StudentCard.Local;

// The whole system on one machine until Ctrl+C: Central (SQLite, embedded MQTT broker), one simulated PN532 board +
// one agent per reader type with synthetic pupils tapping, and an enrollment desk whose board takes taps from the console.
if (args.FirstOrDefault() == "scripts")
{
    // Writes the tap scripts the docker-compose boards replay (same roster and seed as the demo).
    var output = ArgValue("--out") ?? Path.Combine("deploy", "demo");
    Directory.CreateDirectory(output);
    var roster = StudentCard.Core.Synthetic.SyntheticRoster.Generate(int.Parse(ArgValue("--students") ?? "60", CultureInfo.InvariantCulture));
    foreach (var type in StudentCard.Core.ReaderTypes.All)
    {
        var body = DemoTaps.Script(roster, type, new Random((int)type), taps: 40);
        File.WriteAllText(Path.Combine(output, $"{type.Name()}.taps"),
            $"# Taps of synthetic pupils (roster seed 2026) at the {type.Name()} board; F0... cards are not enrolled.\nrepeat 100000\n{body}end\n");
    }
    Console.WriteLine($"Tap scripts written to {output}");
    return;
}

var dataDirectory = Path.GetFullPath(ArgValue("--data") ?? Path.Combine("data", "demo"));
var students = int.Parse(ArgValue("--students") ?? "60", CultureInfo.InvariantCulture);
var logLevel = args.Contains("--verbose") ? "Debug" : "Information";

if (Directory.Exists(dataDirectory))
{
    Directory.Delete(dataDirectory, recursive: true);
}

var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
// SIGTERM (a service manager, `timeout`, `docker stop`) stops the demo the same way; without this the runtime would begin
// exiting at once and wait on a shutdown that needs the threads it is stopping.
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

Console.WriteLine($"StudentCard demo: {students} synthetic pupils, data in {dataDirectory}. Ctrl+C stops everything.");
try
{
    await RunAsync();
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Stopped while still starting: what was started has been disposed on the way out.
}
Console.WriteLine("Stopped.");

async Task RunAsync()
{
    await using var system = await LocalSystem.StartAsync(DemoSchool.Demo(dataDirectory) with
    {
        StudentCount = students,
        Console = Console.Out,
        LogLevel = logLevel,
    }, stop.Token);

    foreach (var rig in system.Readers)
    {
        Console.WriteLine($"  {rig.ReaderId,-10} ({rig.Type.ToString().ToLowerInvariant()}): simulated PN532 on {rig.Board.DevicePath}, agent data in {rig.DataDirectory}");
    }
    var desk = system.Desk(DemoDesk.DeskId);
    foreach (var line in DemoDesk.Describe(desk))
    {
        Console.WriteLine(line);
    }
    // Reading the console blocks a thread until a line comes, so this task is left behind at Ctrl+C rather than awaited.
    _ = Task.Run(() => DemoDesk.TapsFromConsoleAsync(desk, Console.In, Console.Out, stop.Token));

    var adminUrl = system.Central.Services.GetRequiredService<StudentCard.Central.Admin.AdminEndpoint>().Url;
    Console.WriteLine($"Admin UI: {adminUrl} (passwords generated for this run only; synthetic pupils of {system.Students[0].School} for the school admin)");
    foreach (var (user, role, password) in await StudentCard.Demo.DemoStaff.CreateAsync(system.Central, system.Students[0].School, stop.Token))
    {
        Console.WriteLine($"  {StudentCard.Central.Staff.StaffRoles.Name(role),-15} user {user,-22} password {password}");
    }

    var taps = system.Readers.Select((rig, i) => Task.Run(async () =>
    {
        var random = new Random(i + 1);
        while (!stop.IsCancellationRequested)
        {
            using var script = new StringReader(DemoTaps.Script(system.Students, rig.Type, random));
            await rig.Board.RunScriptAsync(script, stop.Token);
        }
    })).ToArray();

    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(10), stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await using var db = await system.Central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
        var stored = await db.Passages.GroupBy(p => new { p.ReaderId, p.Decision }).Select(g => new { g.Key.ReaderId, g.Key.Decision, Count = g.Count() }).ToListAsync();
        var summary = string.Join("; ", system.Readers.Select(r =>
            $"{r.ReaderId}: {stored.Where(s => s.ReaderId == r.ReaderId && s.Decision == "allow").Sum(s => s.Count)} allowed, " +
            $"{stored.Where(s => s.ReaderId == r.ReaderId && s.Decision == "deny").Sum(s => s.Count)} denied, " +
            $"outbox {r.Agent?.Services.GetRequiredService<PassageOutbox>().Count ?? 0}"));
        Console.WriteLine($"== passages stored in Central: {summary}");
    }

    await Task.WhenAll(taps).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    Console.WriteLine("Stopping...");
}

string? ArgValue(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
