using System.Diagnostics;
using System.Globalization;
using Grpc.Net.Client;
using StudentCard.Benchmarks.Echo;
using StudentCard.Benchmarks.Report;
using StudentCard.Core;
using CheckCardRequest = StudentCard.Protos.V1.CheckCardRequest;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// Figures 2 and 3: the online check agent → Central → agent (with the reader's credentials, against a
/// million entitlements), paced at 1,000 taps/s and flat out, each beside a bare gRPC echo on the same host.
/// </summary>
public static class OnlineCheckScenario
{
    public static async Task<IReadOnlyList<Figure>> RunAsync(BenchSize size, TextWriter log)
    {
        await using var central = await BenchCentral.StartAsync();
        await using var echo = await EchoServer.StartAsync();
        var pseudonyms = BenchCentral.RandomPseudonyms(size.Entitlements, seed: 3).ToArray();
        central.SeedEntitlements(ReaderType.Bus, pseudonyms);
        var secret = await central.RegisterAsync("bus-bench", ReaderType.Bus);
        using var client = central.ClientFor("bus-bench", ReaderType.Bus, secret);
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
        var (checkRate, checkCpu) = await CpuPerCallAsync(() => Load.FlatOutAsync(Check, 32, size.LoadDuration), size.LoadDuration);
        var (echoRate, echoCpu) = await CpuPerCallAsync(() => Load.FlatOutAsync(Echo, 32, size.LoadDuration), size.LoadDuration);
        log.WriteLine($"online check flat out: {checkRate:0} /s, {checkCpu:0} µs CPU per call; echo: {echoRate:0} /s, {echoCpu:0} µs CPU per call");

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
                string.Create(CultureInfo.InvariantCulture, $"{checkRate:N0} checks/s"),
                string.Create(CultureInfo.InvariantCulture, $"{echoRate:N0} calls/s"),
                "bare gRPC echo",
                checkRate / echoRate,
                "≥ 0.5",
                string.Create(CultureInfo.InvariantCulture, $"client and server share the cores; CPU per call (both ends): {checkCpu:0} µs vs echo {echoCpu:0} µs")),
        ];
    }

    private static async Task<(double Rate, double CpuMicroseconds)> CpuPerCallAsync(Func<Task<double>> flatOut, TimeSpan duration)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var rate = await flatOut();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (rate, cpu.TotalMicroseconds / (rate * duration.TotalSeconds));
    }
}
