namespace StudentCard.Edge;

/// <summary>Builds an agent host; used by Program and by whoever hosts agents in-process (the demo, tests).</summary>
public static class EdgeAgentApp
{
    /// <param name="args">Command line; "--settings FILE" adds a JSON settings file (e.g. the one Central's provisioning wrote).</param>
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (builder.Configuration["settings"] is { Length: > 0 } settingsFile)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(settingsFile), optional: false);
            builder.Configuration.AddCommandLine(args);
        }
        configure?.Invoke(builder);
        builder.AddEdgeLogging();
        builder.AddEdgeAgent();
        return builder.Build();
    }
}
