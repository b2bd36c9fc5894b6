using System.Threading.Channels;

namespace StudentCard.FirmwareSim.Transport;

/// <summary>Decouples the chip from a slow host: the chip enqueues under its lock, a pump writes to the wire.</summary>
internal sealed class OutboundQueue : IChipOutput
{
    private readonly Channel<byte[]> _channel = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<byte[]> Reader => _channel.Reader;

    public void Write(ReadOnlySpan<byte> bytes) => _channel.Writer.TryWrite(bytes.ToArray());

    public void Complete() => _channel.Writer.TryComplete();
}
