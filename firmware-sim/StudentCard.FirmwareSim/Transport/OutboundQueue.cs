using System.Threading.Channels;

namespace StudentCard.FirmwareSim.Transport;

/// <summary>Decouples the chip from a slow host: the chip enqueues under its lock, a pump writes to the wire.</summary>
internal sealed class OutboundQueue : IChipOutput
{
    private readonly Channel<byte[]> _channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<byte[]> Reader => _channel.Reader;

    public void Write(ReadOnlySpan<byte> bytes) => _channel.Writer.TryWrite(bytes.ToArray());

    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>Observes the line in both directions with a timestamp (benchmarks and tests); null costs nothing.</summary>
    public Action<WireEvent>? Trace { get; set; }

    /// <summary>Called by a transport once bytes from the host were read.</summary>
    public void Received(ReadOnlySpan<byte> bytes) => Trace?.Invoke(new WireEvent(FromHost: true, System.Diagnostics.Stopwatch.GetTimestamp(), bytes.ToArray()));

    /// <summary>Called by a transport once bytes to the host were written.</summary>
    public void Sent(ReadOnlySpan<byte> bytes) => Trace?.Invoke(new WireEvent(FromHost: false, System.Diagnostics.Stopwatch.GetTimestamp(), bytes.ToArray()));
}
