using System.Buffers;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using MQTTnet;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Messaging;
using StudentCard.Protos.V1;
using ReaderType = StudentCard.Core.ReaderType;

namespace StudentCard.Central.Tests.SignInLimits;

/// <summary>Floods of wrong reader credentials over gRPC and MQTT, against a real Central whose ingest goes on meanwhile.</summary>
public sealed class ReaderSignInFloodTests
{
    private const int FailuresPerAddress = 20;

    [Fact]
    public async Task A_flood_of_wrong_secrets_is_throttled_while_a_genuine_readers_taps_keep_being_stored()
    {
        await using var central = await TestCentral.StartAsync($"--SignInLimits:ReaderFailuresPerAddress={FailuresPerAddress}");
        var (id, secret) = await central.RegisterAsync("gate-1", ReaderType.Gate);
        await using var reader = await ReaderMqtt.ConnectAsync(central.Endpoints, id, secret);
        await reader.SubscribeAsync(MqttTopics.Acks(ReaderType.Gate, id));
        var acknowledged = 0;
        var refusals = new System.Collections.Concurrent.ConcurrentBag<StatusCode>();

        // Four callers, each a stranger claiming ids that are not registered, until the reader has had ten batches stored.
        var flood = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; Volatile.Read(ref acknowledged) < 10 || i < 50; i++)
            {
                var call = central.Client($"gate-x{worker}-{i}", ReaderSecretHasher.NewSecret()).HelloAsync(new HelloRequest { AgentVersion = "test" });
                refusals.Add((await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode);
            }
        })).ToList();
        var stored = new List<Guid>();
        while (!flood.All(f => f.IsCompleted))
        {
            var batch = Batch(id);
            await reader.PublishAsync(MqttTopics.Passages(ReaderType.Gate, id), MessageJson.Serialize(batch));
            var ack = MessageJson.Deserialize<PassageAck>((await reader.NextAsync(MqttTopics.Acks(ReaderType.Gate, id))).Payload.ToArray());
            Assert.Equal(batch.Passages.Select(p => p.Id), ack.Ids);
            stored.AddRange(ack.Ids);
            Interlocked.Increment(ref acknowledged);
        }
        await Task.WhenAll(flood);

        Assert.Contains(StatusCode.ResourceExhausted, refusals);
        // Only the budget (and what the four callers had in flight as it ran out) was ever checked.
        Assert.InRange(refusals.Count(s => s == StatusCode.Unauthenticated), 1, FailuresPerAddress + 4);
        Assert.All(refusals, s => Assert.True(s is StatusCode.Unauthenticated or StatusCode.ResourceExhausted, s.ToString()));
        Assert.True(stored.Count >= 10, $"{stored.Count} passages stored during the flood");
        await using var db = central.CentralDb();
        Assert.Equal(stored.Order(), await db.Passages.Select(p => p.Id).OrderBy(p => p).ToListAsync());
    }

    [Fact]
    public async Task Failures_claiming_one_reader_are_throttled_and_the_throttle_looks_at_no_secret_not_even_the_right_one()
    {
        await using var central = await TestCentral.StartAsync("--SignInLimits:ReaderFailuresPerId=5");
        var (id, secret) = await central.RegisterAsync("gate-7", ReaderType.Gate);
        var (other, otherSecret) = await central.RegisterAsync("gate-8", ReaderType.Gate);

        var codes = new List<StatusCode>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add((await Assert.ThrowsAsync<RpcException>(() => central.Client(id, ReaderSecretHasher.NewSecret()).HelloAsync(new HelloRequest { AgentVersion = "test" }).ResponseAsync)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(StatusCode.Unauthenticated, 5), .. Enumerable.Repeat(StatusCode.ResourceExhausted, 3)], codes);
        var throttled = await Assert.ThrowsAsync<RpcException>(() => central.Client(id, secret).HelloAsync(new HelloRequest { AgentVersion = "test" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, throttled.StatusCode);
        Assert.True(int.Parse(throttled.Trailers.GetValue("retry-after")!) is >= 1 and <= 60);
        // Another reader at the same address is not held back by it.
        Assert.NotNull(await central.Client(other, otherSecret).HelloAsync(new HelloRequest { AgentVersion = "test" }));
    }

    [Fact]
    public async Task Successful_sign_ins_spend_nothing_so_a_reader_that_reconnects_again_and_again_gets_in()
    {
        await using var central = await TestCentral.StartAsync("--SignInLimits:ReaderFailuresPerId=1", "--SignInLimits:ReaderFailuresPerAddress=1");
        var (id, secret) = await central.RegisterAsync("bus-1", ReaderType.Bus);

        for (var i = 0; i < 30; i++)
        {
            Assert.NotNull(await central.Client(id, secret).HelloAsync(new HelloRequest { AgentVersion = "test" }));
            await using var mqtt = await ReaderMqtt.ConnectAsync(central.Endpoints, id, secret);
        }

        var wrong = await Assert.ThrowsAsync<RpcException>(() => central.Client(id, ReaderSecretHasher.NewSecret()).HelloAsync(new HelloRequest { AgentVersion = "test" }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
    }

    [Fact]
    public async Task A_flood_of_wrong_MQTT_logins_is_refused_with_a_rate_reason_and_shares_the_readers_budget_with_gRPC()
    {
        await using var central = await TestCentral.StartAsync($"--SignInLimits:ReaderFailuresPerAddress={FailuresPerAddress}");
        var (id, _) = await central.RegisterAsync("library-1", ReaderType.Library);

        var results = new List<MqttClientConnectResultCode>();
        for (var i = 0; i < FailuresPerAddress + 5; i++)
        {
            var (client, result) = await ReaderMqtt.TryConnectAsync(central.Endpoints, id, id, ReaderSecretHasher.NewSecret());
            await client.DisposeAsync();
            results.Add(result.ResultCode);
        }

        Assert.Equal(
            [.. Enumerable.Repeat(MqttClientConnectResultCode.BadUserNameOrPassword, FailuresPerAddress), .. Enumerable.Repeat(MqttClientConnectResultCode.ConnectionRateExceeded, 5)],
            results);
        var grpc = await Assert.ThrowsAsync<RpcException>(() => central.Client("library-2", ReaderSecretHasher.NewSecret()).HelloAsync(new HelloRequest { AgentVersion = "test" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, grpc.StatusCode);
    }

    private static PassageBatch Batch(string readerId) =>
        new([new PassageMessage(Guid.NewGuid(), readerId, "gate", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), 1,
            DateTimeOffset.UtcNow.AddMinutes(-1), "Allow", "None", "In")]);
}
