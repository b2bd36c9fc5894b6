using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;

namespace StudentCard.Central.Observability;

/// <summary>
/// Central's health checks and metrics: liveness at /healthz, readiness at /readyz (every check tagged ready),
/// Prometheus metrics at /metrics. Each feature adds the readiness checks of what it owns.
/// </summary>
public static class ObservabilityExtensions
{
    public const string ReadyTag = "ready";

    public static void AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<CentralMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(CentralMetrics.MeterName).AddPrometheusExporter());
    }

    /// <summary>A readiness check that the store's database opens and answers.</summary>
    public static IHealthChecksBuilder AddStoreCheck<TContext>(this IHealthChecksBuilder checks, string name)
        where TContext : DbContext =>
        checks.AddCheck<StoreHealthCheck<TContext>>(name, tags: [ReadyTag]);

    public static void MapObservability(this WebApplication app)
    {
        // Liveness: the process answers; readiness: every store opens and the broker is connected.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = WriteReadinessAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        // Built at start, not at the first scrape, so the instruments count from the first passage.
        app.Services.GetRequiredService<CentralMetrics>();
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
