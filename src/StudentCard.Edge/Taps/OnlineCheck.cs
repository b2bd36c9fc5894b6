using Grpc.Core;
using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.Link;
using Proto = StudentCard.Protos.V1;

namespace StudentCard.Edge.Taps;

/// <summary>
/// The optional online check (Edge:OnlineCheck): asks Central's CheckCard about a tap's pseudonym
/// with a short deadline (Edge:OnlineCheckTimeoutMs, at most 150 ms) and uses its answer; on a
/// timeout or any error the local decision stands, so a slow or absent Central never holds a pupil up.
/// </summary>
public sealed class OnlineCheck
{
    private readonly Proto.ReaderLink.ReaderLinkClient _client;
    private readonly Func<CancellationToken, TimeSpan, CallOptions> _call;
    private readonly TimeSpan _timeout;
    private readonly ILogger<OnlineCheck> _logger;

    public OnlineCheck(CentralClient central, IOptions<EdgeOptions> options, ILogger<OnlineCheck> logger)
        : this(central.Readers, (ct, timeout) => central.Call(ct, timeout), options, logger)
    {
    }

    internal OnlineCheck(Proto.ReaderLink.ReaderLinkClient client, Func<CancellationToken, TimeSpan, CallOptions> call, IOptions<EdgeOptions> options, ILogger<OnlineCheck> logger)
    {
        _client = client;
        _call = call;
        _timeout = TimeSpan.FromMilliseconds(options.Value.OnlineCheckTimeoutMs);
        Enabled = options.Value.OnlineCheck;
        _logger = logger;
    }

    public bool Enabled { get; }

    /// <summary>Central's decision for the passage's pseudonym, or the local one when Central does not answer in time.</summary>
    public async Task<(PassageMessage Passage, AccessDecision Decision)> DecideAsync(PassageMessage local, AccessDecision localDecision, CancellationToken ct)
    {
        try
        {
            var reply = await _client.CheckCardAsync(new Proto.CheckCardRequest { Pseudonym = local.Pseudonym }, _call(ct, _timeout));
            if (ToCore(reply.Decision) is not { } decision)
            {
                return (local, localDecision);
            }
            var online = new AccessDecision(decision, ToCore(reply.Reason));
            return (local with { Decision = PassageWords.Of(decision), Reason = PassageWords.Of(online.Reason) }, online);
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            _logger.LogDebug("Online check unanswered ({Status}); the local allow-list decided", e.StatusCode);
            return (local, localDecision);
        }
    }

    private static Decision? ToCore(Proto.Decision decision) => decision switch
    {
        Proto.Decision.Allow => Decision.Allow,
        Proto.Decision.Deny => Decision.Deny,
        _ => null,
    };

    // The wire enum has Core's numbers; a reason this agent does not know yet reads as none.
    private static ReasonCode ToCore(Proto.ReasonCode reason) =>
        Enum.IsDefined((ReasonCode)(int)reason) ? (ReasonCode)(int)reason : ReasonCode.None;
}
