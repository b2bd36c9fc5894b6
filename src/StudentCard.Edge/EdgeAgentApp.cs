namespace StudentCard.Edge;

/// <summary>Builds an agent host; used by Program and by whoever hosts agents in-process (the demo, tests).</summary>
public static class EdgeAgentApp
{
    /// <param name="args">Command line; "--settings FILE" adds a JSON settings file (e.g. the one Central's provisioning wrote).</param>
    /// <param name="configure">Runs before the agent's wiring, so a host can add configuration.</param>
    /// <param name="replace">Runs after the agent's wiring, so a host can replace services (e.g. the card reader).</param>
    public static IHost Build(string[] args, Action<HostApplicationBuilder>? configure = null, Action<IServiceCollection>? replace = null)
    {
        ReserveThreads();
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
        replace?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// The outbox commits with a synchronous fsync (by design: a passage is durable before the
    /// feedback), which holds a pool thread for as long as the disk takes. On a 2-core reader the pool
    /// starts with 2 threads and grows slowly, so a slow disk would starve the polling loop and a short
    /// tap could go unseen; a larger minimum keeps polling running while commits wait.
    /// </summary>
    private static void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(completionPorts, 32));
    }
}
