using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Collections.Concurrent;
using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Link;
using StudentCard.Edge.Outbox;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>One reader under test: its registration, data directory, current agent host and what it decided.</summary>
public sealed class AgentRig
{
    private long _nextTap;

    public required string ReaderId { get; init; }

    public required ReaderType Type { get; init; }

    public required string Secret { get; init; }

    public required int Index { get; init; }

    /// <summary>Where the agent's files are; a crash image moves it to a copy.</summary>
    public required string DataDirectory { get; set; }

    /// <summary>The agent's own link to the broker, when the test needs to cut it.</summary>
    public TcpCutProxy? Proxy { get; init; }

    public IHost? Host { get; set; }

    public FastCardReader Reader { get; set; } = new();

    public CapturingLogSink Logs { get; set; } = new();

    /// <summary>Bumped when a host is abandoned: decisions reported by an older host are no longer counted.</summary>
    public int Generation { get; set; }

    /// <summary>Every passage this reader decided (and committed to its outbox), by id.</summary>
    public ConcurrentDictionary<Guid, PassageMessage> Decided { get; } = new();

    /// <summary>The decision each tap should get, by tap time (unique per reader).</summary>
    public ConcurrentDictionary<long, string> Expected { get; } = new();

    public long TakeTapNumber() => Interlocked.Increment(ref _nextTap) - 1;

    public T Service<T>() where T : notnull =>
        (Host ?? throw new InvalidOperationException($"The agent of {ReaderId} is not running.")).Services.GetRequiredService<T>();

    public PassageOutbox Outbox => Service<PassageOutbox>();

    public LinkState Link => Service<LinkState>();

    public LocalAllowList AllowList => Service<LocalAllowList>();
}
