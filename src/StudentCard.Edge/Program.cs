using StudentCard.Edge;

// One agent per reader: settings from appsettings.json, STUDENTCARD_ environment variables and the command line.
using var host = EdgeAgentApp.Build(args, builder => builder.Configuration.AddEnvironmentVariables("STUDENTCARD_"));
await host.RunAsync();
