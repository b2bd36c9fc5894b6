using System.Buffers;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Channel;
using MQTTnet.Exceptions;

namespace StudentCard.Central.Messaging;

/// <summary>
/// One embedded-broker connection's bytes on their way to MQTTnet, whose framing it follows: a packet whose fixed header
/// announces more than the limit ends the connection as that header is read, before MQTTnet makes room for the body
/// (it allocates the whole announced length, up to 256 MB, before any hook sees the packet). A CONNECT packet, which
/// arrives before any login is checked, has a smaller limit.
/// </summary>
internal sealed class PacketSizeLimit(IMqttChannel inner, int maxPacketBytes, int maxConnectPacketBytes) : IMqttChannel
{
    private const int ConnectPacketType = 1;

    private FramePart _part = FramePart.Type;
    private int _type;
    private long _remaining;
    private int _lengthBytes;
    private long _multiplier = 1;

    private enum FramePart
    {
        Type,
        Length,
        Body,
    }

    public X509Certificate2 ClientCertificate => inner.ClientCertificate;

    public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

    public EndPoint LocalEndPoint => inner.LocalEndPoint;

    public bool IsSecureConnection => inner.IsSecureConnection;

    public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

    public async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var read = await inner.ReadAsync(buffer, offset, count, cancellationToken);
        Follow(buffer.AsSpan(offset, read));
        return read;
    }

    public Task WriteAsync(ReadOnlySequence<byte> buffer, bool isEndOfPacket, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, isEndOfPacket, cancellationToken);

    public void Dispose() => inner.Dispose();

    /// <summary>Fixed header: a type byte, then the remaining length in 1-4 bytes of 7 bits each, then that many bytes.</summary>
    private void Follow(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_part)
            {
                case FramePart.Type:
                    _type = bytes[i++] >> 4;
                    (_part, _remaining, _lengthBytes, _multiplier) = (FramePart.Length, 0, 0, 1);
                    break;
                case FramePart.Length:
                    var encoded = bytes[i++];
                    _remaining += (encoded & 0x7F) * _multiplier;
                    _multiplier *= 128;
                    _lengthBytes++;
                    if ((encoded & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            throw new MqttProtocolViolationException("Remaining length is invalid.");
                        }
                        break;
                    }
                    var limit = _type == ConnectPacketType ? maxConnectPacketBytes : maxPacketBytes;
                    if (1 + _lengthBytes + _remaining > limit)
                    {
                        throw new MqttProtocolViolationException($"A packet of {1 + _lengthBytes + _remaining} bytes is over the broker's limit of {limit}.");
                    }
                    _part = _remaining == 0 ? FramePart.Type : FramePart.Body;
                    break;
                default:
                    var body = (int)Math.Min(_remaining, bytes.Length - i);
                    i += body;
                    _remaining -= body;
                    if (_remaining == 0)
                    {
                        _part = FramePart.Type;
                    }
                    break;
            }
        }
    }
}
