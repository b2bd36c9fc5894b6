using StudentCard.Edge;
using StudentCard.Edge.Enrollment;

// "desk open|cancel": a staff member's command at an enrollment desk; it runs without starting the agent.
if (DeskCommand.Handles(args))
{
    return await DeskCommand.RunAsync(args, Console.Out, Console.Error);
}

// One agent per reader: settings from appsettings.json, STUDENTCARD_ environment variables and the command line.
using var host = EdgeAgentApp.Build(args, builder => builder.Configuration.AddEnvironmentVariables("STUDENTCARD_"));
await host.RunAsync();
return 0;
