namespace StudentCard.Edge;

/// <summary>Builds an agent host; used by Program and by whoever hosts agents in-process (the demo, tests).</summary>
public static class EdgeAgentApp
{
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);
        builder.AddEdgeLogging();
        builder.AddEdgeAgent();
        return builder.Build();
    }
}
