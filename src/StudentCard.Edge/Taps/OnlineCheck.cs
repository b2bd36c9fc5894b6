using Grpc.Core;
using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;
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

    /// <summary>
    /// Central's current entry for the pseudonym (null entry: Central does not know it), or null when Central did not
    /// answer in time, in which case the local decision stands.
    /// </summary>
    public async Task<OnlineAnswer?> AskAsync(string pseudonym, ReaderPlace place, CancellationToken ct)
    {
        try
        {
            var request = new Proto.CheckCardRequest
            {
                Pseudonym = pseudonym,
                Site = place.Site ?? "",
                Zone = place.Zone ?? "",
                Route = place.Route ?? "",
                Direction = (Proto.Direction)(int)place.Direction,
            };
            var reply = await _client.CheckCardAsync(request, _call(ct, _timeout));
            if (ToCore(reply.Decision) is null)
            {
                return null;
            }
            return new OnlineAnswer(reply.Entry is { } entry ? ProtoEntry.ToCore(entry) : null, reply.AllowListVersion);
        }
        catch (InvalidDataException e)
        {
            // An answer that cannot be read (an unspecified card status, a malformed pseudonym) is no answer.
            _logger.LogWarning("Online check answer refused, the local allow-list decided: {Error}", e.Message);
            return null;
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            _logger.LogDebug("Online check unanswered ({Status}); the local allow-list decided", e.StatusCode);
            return null;
        }
    }

    private static Decision? ToCore(Proto.Decision decision) => decision switch
    {
        Proto.Decision.Allow => Decision.Allow,
        Proto.Decision.Deny => Decision.Deny,
        _ => null,
    };
}

/// <summary>What Central said in an online check: its current entry for the pseudonym (null: not on its list).</summary>
public sealed record OnlineAnswer(AllowListEntry? Entry, long AllowListVersion);
