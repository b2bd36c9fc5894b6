using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using StudentCard.Benchmarks.Echo;
using StudentCard.Benchmarks.Report;
using StudentCard.Core;
using StudentCard.Edge.Link;
using CheckCardRequest = StudentCard.Protos.V1.CheckCardRequest;
using ReaderLink = StudentCard.Protos.V1.ReaderLink;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// Figures 2 and 3: the online check agent → Central → agent (with the reader's credentials, against a
/// million entitlements), paced at 1,000 taps/s and flat out, each beside a bare gRPC echo on the same host.
/// </summary>
public static class OnlineCheckScenario
{
    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSize size, TextWriter log)
    {
        // The echo is also served by Central itself, so the breakdown can separate Central's host pipeline from the check's own work.
        await using var central = await BenchCentral.StartAsync(map: app => app.MapGrpcService<EchoService>());
        await using var echo = await EchoServer.StartAsync();
        var pseudonyms = BenchCentral.RandomPseudonyms(size.Entitlements, seed: 3).ToArray();
        central.SeedEntitlements(ReaderType.Bus, pseudonyms);
        var secret = await central.RegisterAsync("bus-bench", ReaderType.Bus);
        using var agent = central.ClientFor("bus-bench", ReaderType.Bus, secret);
        var client = new AgentCalls(agent);
        using var echoChannel = GrpcChannel.ForAddress(echo.Url);
        var echoClient = new Echo.Echo.EchoClient(echoChannel);

        var failures = 0;
        async Task Check()
        {
            try
            {
                await client.Readers.CheckCardAsync(
                    new CheckCardRequest { Pseudonym = pseudonyms[Random.Shared.Next(pseudonyms.Length)] }, client.Call(CancellationToken.None, TimeSpan.FromSeconds(5)));
            }
            catch (Grpc.Core.RpcException)
            {
                // Counted and reported: an overloaded Central must show up in the figure, not end the run.
                Interlocked.Increment(ref failures);
            }
        }
        Task Echo() => echoClient.SayAsync(new EchoMessage { Text = "0123456789abcdef0123456789abcdef" }).ResponseAsync;

        // Warm both paths (JIT, connections, SQLite page cache, Central's entitlement index) before measuring.
        var loading = Stopwatch.GetTimestamp();
        await client.Readers.CheckCardAsync(new CheckCardRequest { Pseudonym = pseudonyms[0] }, client.Call(CancellationToken.None, TimeSpan.FromMinutes(10)));
        var loadSeconds = Stopwatch.GetElapsedTime(loading).TotalSeconds;
        log.WriteLine($"first check (loads the index of {pseudonyms.Length:N0} entitlements): {loadSeconds:0.00} s");
        await Load.FlatOutAsync(Check, 8, TimeSpan.FromSeconds(1));
        await Load.FlatOutAsync(Echo, 8, TimeSpan.FromSeconds(1));

        var checkLatency = Distribution.Of(await Load.PacedAsync(Check, 1000, size.LoadDuration));
        var echoLatency = Distribution.Of(await Load.PacedAsync(Echo, 1000, size.LoadDuration));
        log.WriteLine($"online check at 1000/s: {checkLatency}; echo: {echoLatency}");

        // CPU per call (client and server both in this process) is also given: on a machine shared with other work,
        // calls per second fall with the cores taken from us, while the work each call costs does not.
        // Three alternating rounds, the median of each kept: a burst of other work on the machine, or code still being
        // recompiled by the JIT's later tier, then weighs on both sides instead of on whichever ran first.
        var checkRounds = new List<(double Rate, double CpuMicroseconds)>();
        var echoRounds = new List<(double Rate, double CpuMicroseconds)>();
        for (var round = 0; round < 3; round++)
        {
            checkRounds.Add(await CpuPerCallAsync(() => Load.FlatOutAsync(Check, 32, size.LoadDuration), size.LoadDuration));
            echoRounds.Add(await CpuPerCallAsync(() => Load.FlatOutAsync(Echo, 32, size.LoadDuration), size.LoadDuration));
        }
        var (checkRate, checkCpu) = (Median(checkRounds.Select(r => r.Rate)), Median(checkRounds.Select(r => r.CpuMicroseconds)));
        var (echoRate, echoCpu) = (Median(echoRounds.Select(r => r.Rate)), Median(echoRounds.Select(r => r.CpuMicroseconds)));
        log.WriteLine($"online check flat out: {checkRate:0} /s, {checkCpu:0} µs CPU per call; echo: {echoRate:0} /s, {echoCpu:0} µs CPU per call");
        var breakdown = await BreakdownAsync(central, client, echoClient, pseudonyms, size.LoadDuration, log);

        return
        [
            new Figure(
                $"Online check round trip at 1,000 taps/s, {size.Entitlements:N0} entitlements",
                $"median {checkLatency.MedianMs:0.00} ms, p99 {checkLatency.P99Ms:0.00} ms",
                $"median {echoLatency.MedianMs:0.00} ms, p99 {echoLatency.P99Ms:0.00} ms",
                "bare gRPC echo",
                checkLatency.MedianMs / echoLatency.MedianMs,
                "timeout 150 ms",
                string.Create(CultureInfo.InvariantCulture, $"ratio = median / echo median; {failures} calls failed in this scenario; the first check, which loads the index, took {loadSeconds:0.00} s")),
            new Figure(
                $"Central online-check throughput, {size.Entitlements:N0} entitlements, 32 callers",
                string.Create(CultureInfo.InvariantCulture, $"{checkRate:N0} checks/s (median of 3 rounds)"),
                string.Create(CultureInfo.InvariantCulture, $"{echoRate:N0} calls/s"),
                "bare gRPC echo",
                checkRate / echoRate,
                "≥ 0.5",
                string.Create(CultureInfo.InvariantCulture, $"client and server share the cores; CPU per call (both ends): {checkCpu:0} µs vs echo {echoCpu:0} µs; {breakdown}")),
        ];
    }

    /// <summary>
    /// Where the check's extra CPU goes: the bare echo, the same echo served by Central's host (its middleware pipeline), then
    /// with the reader's credentials and a deadline as the agent sends them, the check without the deadline, and the check.
    /// </summary>
    private static async Task<string> BreakdownAsync(BenchCentral central, AgentCalls client, Echo.Echo.EchoClient bareEcho, string[] pseudonyms, TimeSpan duration, TextWriter log)
    {
        using var channel = GrpcChannel.ForAddress(central.Endpoints.GrpcUrl);
        var echo = new Echo.Echo.EchoClient(channel);
        var message = new EchoMessage { Text = "0123456789abcdef0123456789abcdef" };
        var credentials = new Grpc.Core.Metadata { { "x-reader-id", "bus-bench" }, { "x-reader-secret", "not-checked-by-the-echo" } };
        Task Plain() => echo.SayAsync(message).ResponseAsync;
        Task WithCallShape() => echo.SayAsync(message, new Grpc.Core.CallOptions(headers: credentials, deadline: DateTime.UtcNow.AddSeconds(5))).ResponseAsync;
        Task CheckWithoutDeadline() => client.Readers.CheckCardAsync(
            new CheckCardRequest { Pseudonym = pseudonyms[Random.Shared.Next(pseudonyms.Length)] }, client.Call(CancellationToken.None)).ResponseAsync;
        Task Bare() => bareEcho.SayAsync(message).ResponseAsync;
        Task Check() => client.Readers.CheckCardAsync(
            new CheckCardRequest { Pseudonym = pseudonyms[Random.Shared.Next(pseudonyms.Length)] }, client.Call(CancellationToken.None, TimeSpan.FromSeconds(5))).ResponseAsync;
        (string Name, Func<Task> Call)[] variants =
        [
            ("bare echo", Bare),
            ("echo served by Central", Plain),
            ("+ the agent's credentials and deadline", WithCallShape),
            ("check without a deadline", CheckWithoutDeadline),
            ("check", Check),
        ];
        await Load.FlatOutAsync(Plain, 8, TimeSpan.FromSeconds(1));
        // Rounds alternate the variants so that a burst of other work on the machine spreads over all of them; the median is kept.
        var cpu = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (var round = 0; round < 3; round++)
        {
            foreach (var (name, call) in variants)
            {
                cpu[name].Add((await CpuPerCallAsync(() => Load.FlatOutAsync(call, 32, duration), duration)).CpuMicroseconds);
            }
        }
        var text = "CPU per call, median of 3 alternating rounds: " + string.Join(", ", variants.Select(v =>
            string.Create(CultureInfo.InvariantCulture, $"{v.Name} {Median(cpu[v.Name]):0} µs")));
        log.WriteLine(text);
        return text;
    }

    private static double Median(IEnumerable<double> values) => values.Order().ElementAt(1);

    private static async Task<(double Rate, double CpuMicroseconds)> CpuPerCallAsync(Func<Task<double>> flatOut, TimeSpan duration)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var rate = await flatOut();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (rate, cpu.TotalMicroseconds / (rate * duration.TotalSeconds));
    }

    /// <summary>The benchmarks' own ReaderLink stubs over the agent's channel, with the agent's credentials on each call.</summary>
    private sealed class AgentCalls(CentralClient agent)
    {
        public ReaderLink.ReaderLinkClient Readers { get; } = new(agent.Invoker);

        public Grpc.Core.CallOptions Call(CancellationToken ct, TimeSpan? timeout = null) => agent.Call(ct, timeout);
    }
}
