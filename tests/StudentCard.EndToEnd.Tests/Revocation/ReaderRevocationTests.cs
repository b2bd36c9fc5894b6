using System.Net;
using Grpc.Core;
using MQTTnet;
using StudentCard.Central.Admin;
using StudentCard.Central.Cli;
using StudentCard.Central.Messaging;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Staff;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.EndToEnd.Tests.Resilience;
using StudentCard.Tests.Shared;
using Xunit.Abstractions;

namespace StudentCard.EndToEnd.Tests.Revocation;

/// <summary>How a reader is revoked while Central runs: by an operator on the Readers page, or on the command line through the admin API.</summary>
public enum RevokedBy
{
    ReadersPage,
    CommandLine,
}

/// <summary>
/// A gate reader with an open MQTT session that receives its zone's live passages, and gRPC calls that succeed, is revoked
/// while Central runs, on the embedded broker and on Mosquitto, through the admin UI and through the command line (which
/// only changes the store; nothing tells the running Central). Its session must be closed within a second of the revocation
/// being committed, its next call refused, its next login refused, and the zone's next passages must reach only the
/// reader beside it that was not revoked.
/// </summary>
public sealed class ReaderRevocationTests(ITestOutputHelper output)
{
    private const string Zone = "north/main";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly string Relay = MqttTopics.ZonePassages("north", "main");

    [Theory]
    [RevocationCases]
    public async Task A_revoked_reader_is_cut_within_a_second_refused_at_its_next_call_and_cannot_come_back(BrokerKind broker, RevokedBy revokedBy)
    {
        var directory = Directory.CreateTempSubdirectory("sc-revocation-");
        var local = await LocalSystem.StartAsync(new LocalSystemOptions
        {
            DataDirectory = directory.FullName,
            StudentCount = 1,
            ReaderIds = [],
            Enrollment = null,
            Broker = broker,
        });
        try
        {
            await AttackAsync(local, revokedBy);
        }
        finally
        {
            await local.DisposeAsync();
            directory.Delete(recursive: true);
        }
    }

    private async Task AttackAsync(LocalSystem local, RevokedBy revokedBy)
    {
        var registry = local.CentralService<ReaderRegistry>();
        var revokedSecret = await registry.RegisterAsync("gate-r1", ReaderType.Gate, Zone);
        var keptSecret = await registry.RegisterAsync("gate-r2", ReaderType.Gate, Zone);
        using var operatorPage = revokedBy == RevokedBy.ReadersPage ? await SignedInOperatorAsync(local) : null;
        await using var reader = await ConnectedReader.ConnectAsync("gate-r1", revokedSecret, local.GrpcUrl, local.MqttPort);
        await using var kept = await ConnectedReader.ConnectAsync("gate-r2", keptSecret, local.GrpcUrl, local.MqttPort);
        await reader.HelloAsync();
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await reader.SubscribeAsync(Relay));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await kept.SubscribeAsync(Relay));
        await RelayAsync(local);
        using (var patience = new CancellationTokenSource(Patience))
        {
            Assert.Equal(Relay, (await reader.Inbox.Reader.ReadAsync(patience.Token)).Topic);
            Assert.Equal(Relay, (await kept.Inbox.Reader.ReadAsync(patience.Token)).Topic);
        }

        if (operatorPage is not null)
        {
            var answer = await operatorPage.PostFormAsync("/Readers",
                new Dictionary<string, string> { ["readerId"] = reader.ReaderId, ["reason"] = "Stolen from the depot" }, handler: "Revoke");
            Assert.Contains($"Reader {reader.ReaderId} is revoked", await answer.Content.ReadAsStringAsync());
        }
        else
        {
            var password = await OperatorAsync(local);
            var said = new StringWriter();
            var input = new CliInput(name => name == AdminApiClient.PasswordVariable ? password : null, RedirectedInput: null);
            var code = await CentralCli.RunAsync(["readers", "revoke", reader.ReaderId, "--reason", "Stolen from the depot", "--account", "otto",
                "--central", local.CentralService<AdminEndpoint>().Url], said, new StringWriter(), input);
            Assert.Equal(CliExit.Ok, code);
            Assert.Contains("closes its open MQTT sessions within a second", said.ToString());
        }
        // RevokedAt is taken just before the commit: the time the revocation became visible, or a little earlier.
        var revokedAt = (await registry.ListAsync()).Single(r => r.Id == reader.ReaderId).RevokedAt!.Value;

        var closed = await Task.WhenAny(reader.Disconnected.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(closed == reader.Disconnected.Task, $"{local.Options.Broker}, {revokedBy}: the revoked reader's session was still open 5 s after the revocation was committed.");
        var cutAfter = await reader.Disconnected.Task - revokedAt;
        output.WriteLine($"{local.Options.Broker}, {revokedBy}: session closed {cutAfter.TotalMilliseconds:F0} ms after the revocation was committed");
        Assert.True(cutAfter <= TimeSpan.FromSeconds(1), $"The session was closed {cutAfter.TotalMilliseconds:F0} ms after the revocation was committed, more than a second.");

        var refused = await Assert.ThrowsAsync<RpcException>(reader.HelloAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        // MQTT 5 allows either code for a refused login; the embedded broker says "not authorized" for a revoked reader, Mosquitto 2.0 too.
        Assert.Contains(await reader.ReconnectAsync(), new[] { MqttClientConnectResultCode.NotAuthorized, MqttClientConnectResultCode.BadUserNameOrPassword });

        // The zone's next passages reach the reader that was not revoked, and nothing reaches the revoked one's session.
        await RelayAsync(local);
        using (var patience = new CancellationTokenSource(Patience))
        {
            Assert.Equal(Relay, (await kept.Inbox.Reader.ReadAsync(patience.Token)).Topic);
        }
        Assert.False(reader.Inbox.Reader.TryRead(out var late), $"The revoked reader received {late?.Topic}.");
        await kept.HelloAsync();
    }

    /// <summary>The operator account "otto" past its first sign-in; returns its password.</summary>
    private static async Task<string> OperatorAsync(LocalSystem local)
    {
        var staff = local.CentralService<StaffDirectory>();
        var generated = await staff.CreateAsync("test set-up", "otto", "otto (synthetic)", StaffRole.Operator, null, "test account");
        var password = $"otto-Passw0rd-{Guid.NewGuid():N}";
        await staff.ChangePasswordAsync("otto", generated, password);
        return password;
    }

    private static async Task<AdminClient> SignedInOperatorAsync(LocalSystem local)
    {
        var password = await OperatorAsync(local);
        var client = new AdminClient(local.CentralService<AdminEndpoint>().Url);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("otto", password)).StatusCode);
        return client;
    }

    private static async Task RelayAsync(LocalSystem local)
    {
        var passages = new ZonePassages([new ZonePassage(Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()), "in", DateTimeOffset.UtcNow)]);
        Assert.True(await local.CentralService<IMqttPublisher>().PublishAsync(new OutboundMessage(Relay, MessageJson.Serialize(passages)), CancellationToken.None));
    }
}

/// <summary>Each way of revoking on each broker the scope tests run on (<see cref="BrokerKindsAttribute"/>: Mosquitto whenever CI=true).</summary>
public sealed class RevocationCasesAttribute : Xunit.Sdk.DataAttribute
{
    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) =>
        from broker in new BrokerKindsAttribute().GetData(testMethod).Select(row => (BrokerKind)row[0])
        from revokedBy in Enum.GetValues<RevokedBy>()
        select new object[] { broker, revokedBy };
}
