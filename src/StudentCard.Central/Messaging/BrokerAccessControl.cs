using System.Collections.Concurrent;
using MQTTnet.Protocol;
using MQTTnet.Server;
using System.Net;
using Microsoft.Extensions.Logging;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.SignInLimits;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// The embedded broker's logins and ACL: a reader logs in with its id and secret (and uses its id,
/// or "reader-" + its id, as client id, so nobody can take over another reader's session), publishes only its own
/// passages and status, and subscribes only to its own acks and its purpose's allow-list and commands
/// (gate readers: and the sites' safety modes, and the relay of the zone they are registered at, none other).
/// Failed logins spend the readers' failure budget (shared with their gRPC calls); once spent, logins from that
/// address or for that id are refused unchecked. A reader known revoked (<see cref="RevokedReaders"/>) is refused at login
/// and at every publish and subscription, even in a session opened before; <see cref="EmbeddedBroker"/> closes such sessions.
/// </summary>
public sealed class BrokerAccessControl(
    ReaderRegistry registry,
    RevokedReaders revoked,
    ServiceCredential service,
    SignInThrottles throttles,
    ILogger<BrokerAccessControl> logger)
{
    private readonly ConcurrentDictionary<string, RegisteredReader?> _clients = new(StringComparer.Ordinal);

    public async Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (e.UserName == service.Username)
        {
            // Central's own login is never throttled: its password is random and its check a fixed-time comparison, and
            // a flood that spent a budget it shared would lock Central's client, and so all ingest, out.
            if (service.Matches(e.UserName, e.Password) && e.ClientId == MqttClientIds.Central)
            {
                _clients[e.ClientId] = null;
                e.ReasonCode = MqttConnectReasonCode.Success;
                return;
            }
            logger.LogWarning("Refused an MQTT login with the service user name from client {ClientId}", e.ClientId);
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }
        var address = (e.RemoteEndPoint as IPEndPoint)?.Address;
        if (!throttles.Readers.Admits(address, e.UserName, out _))
        {
            logger.LogWarning("Refused an MQTT login from {Address}: too many failed logins from it or for its user name", address);
            e.ReasonCode = MqttConnectReasonCode.ConnectionRateExceeded;
            return;
        }
        var check = await registry.CheckAsync(e.UserName, e.Password, e.CancellationToken);
        switch (check.Outcome)
        {
            case ReaderCheckOutcome.Authenticated when !IsOwnClientId(check.Reader!, e.ClientId):
                logger.LogWarning("Refused MQTT login of reader {ReaderId}: its client id must be its reader id or reader-<id>", check.Reader!.Id);
                e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
                return;
            case ReaderCheckOutcome.Authenticated when !revoked.Contains(check.Reader!.Id):
                _clients[e.ClientId] = check.Reader;
                e.ReasonCode = MqttConnectReasonCode.Success;
                return;
            case ReaderCheckOutcome.Authenticated:
            case ReaderCheckOutcome.Revoked:
                logger.LogWarning("Refused MQTT login of revoked reader {ReaderId}", e.UserName);
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
                return;
            default:
                throttles.Readers.Failed(address, e.UserName);
                logger.LogWarning("Refused MQTT login of client {ClientId}: unknown reader or wrong secret", e.ClientId);
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                return;
        }
    }

    public Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (!TryGetClient(e.ClientId, out var reader) || (reader is not null && !MayPublish(reader, topic)))
        {
            logger.LogWarning("Refused a publish by client {ClientId} to {Topic}", e.ClientId, topic);
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
        }
        return Task.CompletedTask;
    }

    public Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        if (!TryGetClient(e.ClientId, out var reader) || (reader is not null && !MaySubscribe(reader, filter)))
        {
            logger.LogWarning("Refused a subscription by client {ClientId} to {TopicFilter}", e.ClientId, filter);
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }
        return Task.CompletedTask;
    }

    public static bool MayPublish(RegisteredReader reader, string topic) =>
        topic == MqttTopics.Passages(reader.Type, reader.Id) || topic == MqttTopics.Status(reader.Type, reader.Id);

    public static bool MaySubscribe(RegisteredReader reader, string topicFilter) =>
        topicFilter == MqttTopics.Acks(reader.Type, reader.Id)
        || topicFilter == MqttTopics.AllowList(reader.Type)
        || topicFilter == MqttTopics.Commands(reader.Type)
        || (reader.Type == ReaderType.Gate && topicFilter == MqttTopics.AllSiteModes)
        || topicFilter == reader.ZoneRelay;

    /// <summary>
    /// True for a session of a reader known revoked: checked once a connection is established, since its login may have
    /// been checked just before the revocation was known and the session registered just after its sessions were closed.
    /// </summary>
    public bool IsRevokedClient(string clientId) => revoked.Contains(MqttClientIds.ReaderIdOf(clientId));

    /// <summary>Unambiguous because no reader id starts with "reader-" (see ReaderRegistry).</summary>
    public static bool IsOwnClientId(RegisteredReader reader, string? clientId) =>
        clientId != MqttClientIds.Central
        && (clientId == reader.Id || clientId == MqttClientIds.ReaderPrefix + reader.Id);

    /// <summary>A known client is either the service (null reader) or one reader not revoked.</summary>
    private bool TryGetClient(string? clientId, out RegisteredReader? reader)
    {
        reader = null;
        return clientId is not null && _clients.TryGetValue(clientId, out reader) && !revoked.Contains(reader?.Id);
    }
}
