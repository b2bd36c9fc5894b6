using Microsoft.Extensions.Options;
using StudentCard.Central;
using StudentCard.Central.Cli;
using StudentCard.Core.Keys;

// A command (keys, audit, records, roster, dsr, reports, readers, cards, staff, lockdown) runs without starting the web host.
if (CentralCli.Handles(args))
{
    return await CentralCli.RunAsync(args, Console.Out, Console.Error);
}

var app = CentralApp.Build(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is KeyFileException or OptionsValidationException or StudentCard.Central.Hosting.CentralLockedException)
{
    // A bad key file or setting, or a data directory in use, stops the start with its own message, not a stack trace.
    Console.Error.WriteLine($"Central did not start: {e.Message}");
    return 1;
}

/// <summary>Central's entry point; partial so WebApplicationFactory&lt;Program&gt; can host it.</summary>
public partial class Program;
