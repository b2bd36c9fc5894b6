using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Tests.Admin;
using StudentCard.Core;

namespace StudentCard.Central.Tests.Observability;

/// <summary>Health and readiness endpoints, and the Prometheus scrape with ingest counted and no pseudonym in any label.</summary>
[Collection(ProcessWideMetrics.Name)]
public sealed class OperationsTests : IAsyncLifetime
{
    private AdminSite _site = null!;

    public async Task InitializeAsync() => _site = await AdminSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Liveness_and_readiness_answer_without_a_sign_in_and_readiness_names_every_store_and_the_broker()
    {
        using var client = _site.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
        Assert.Equal(["audit-store", "identity-vault", "mqtt-broker", "purpose-store", "staff-store"],
            checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Pages_health_and_metrics_are_served_on_the_admin_listener_only_never_on_the_readers_grpc_port()
    {
        // The readers' port speaks HTTP/2 without TLS (prior knowledge), as curl --http2-prior-knowledge would.
        using var grpcPort = new HttpClient { BaseAddress = new Uri(_site.Central.Endpoints.GrpcUrl), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var adminPort = _site.Client();

        foreach (var path in new[] { "/healthz", "/metrics", "/Account/SignIn", "/admin.css" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await grpcPort.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await adminPort.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adminPort.GetAsync("/Account/SignIn")).StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_when_the_broker_is_gone()
    {
        await _site.Central.Services.GetRequiredService<StudentCard.Central.Messaging.EmbeddedBroker>().StopAsync(CancellationToken.None);
        using var client = _site.Client();
        // Central's client notices the lost connection on its own schedule; wait for it with a generous deadline.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var ready = await client.GetAsync("/readyz");
        while (ready.StatusCode != HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            ready = await client.GetAsync("/readyz");
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("not connected to the MQTT broker", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_taps_by_purpose_decision_and_reason_at_ingest_and_carry_no_pseudonym()
    {
        await _site.Central.RegisterAsync("gate-1", ReaderType.Gate);
        var now = DateTimeOffset.UtcNow;
        var pseudonym = new string('d', 32);
        await _site.IngestAsync(ReaderType.Gate, "gate-1", (pseudonym, "allow", "none", now), (pseudonym, "deny", "expired", now), (pseudonym, "deny", "expired", now));

        using var client = _site.Client();
        string[] expected =
        [
            "studentcard_passages_total{otel_scope_name=\"StudentCard.Central\",decision=\"deny\",purpose=\"gate\",reason=\"expired\"} 2",
            "studentcard_passages_total{otel_scope_name=\"StudentCard.Central\",decision=\"allow\",purpose=\"gate\",reason=\"none\"} 1",
            "studentcard_ingest_lag_seconds_count{otel_scope_name=\"StudentCard.Central\",purpose=\"gate\"} 3",
            "studentcard_reader_outbox_backlog{otel_scope_name=\"StudentCard.Central\",purpose=\"gate\",reader=\"gate-1\"} 0",
            "studentcard_readers_online{otel_scope_name=\"StudentCard.Central\",purpose=\"gate\"} 0",
        ];
        // The exporter serves a scrape from a short cache and collects observable gauges on its own thread: poll until every
        // line is there, with a generous deadline; a line that never comes fails with the whole scrape in the message.
        var metrics = await client.TextAsync("/metrics");
        for (var deadline = DateTime.UtcNow.AddSeconds(15); !expected.All(metrics.Contains) && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(200);
            metrics = await client.TextAsync("/metrics");
        }
        Assert.True(expected.All(metrics.Contains), $"Missing from the scrape: {string.Join("; ", expected.Where(line => !metrics.Contains(line)))}\n{metrics}");
        Assert.DoesNotContain(pseudonym, metrics);
    }
}
