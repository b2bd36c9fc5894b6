using Microsoft.Extensions.Options;
using StudentCard.Central;
using StudentCard.Central.Cli;
using StudentCard.Core.Keys;

// "keys", "audit" and "records" commands run without starting the web host.
if (KeyCommands.Handles(args))
{
    return KeyCommands.Run(args, Console.Out, Console.Error);
}
if (AuditCommands.Handles(args))
{
    return await AuditCommands.RunAsync(args, Console.Out, Console.Error);
}
if (RecordsCommand.Handles(args))
{
    return RecordsCommand.Run(args, Console.Out, Console.Error);
}
if (LockdownCommands.Handles(args))
{
    return await LockdownCommands.RunAsync(args, Console.Out, Console.Error);
}

var app = CentralApp.Build(args);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is KeyFileException or OptionsValidationException)
{
    // A bad key file or setting stops the start with its own message, not a stack trace.
    Console.Error.WriteLine($"Central did not start: {e.Message}");
    return 1;
}

/// <summary>Central's entry point; partial so WebApplicationFactory&lt;Program&gt; can host it.</summary>
public partial class Program;
