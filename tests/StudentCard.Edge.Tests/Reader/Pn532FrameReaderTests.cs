using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class Pn532FrameReaderTests
{
    [Fact]
    public async Task Garbage_that_looks_like_a_start_code_is_reported_and_skipped()
    {
        var transport = await Open();
        transport.Send("00-FF-00-00-13-37" + "00-00-FF-00-FF-00" + "00-00-FF-02-FE-D5-15-16-00");
        var reader = new Pn532FrameReader(transport);

        var first = await reader.ReadAsync(CancellationToken.None);
        var second = await reader.ReadAsync(CancellationToken.None);
        var third = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(Pn532DecodeStatus.Corrupt, first.Status);
        Assert.Equal(Pn532FrameKind.Ack, second.Frame!.Kind);
        Assert.Equal("15", Hex.Format(third.Frame!.Data.Span));
    }

    [Fact]
    public async Task A_frame_arriving_byte_by_byte_is_assembled()
    {
        var transport = await Open();
        foreach (byte b in Hex.Parse("00-00-FF-06-FA-D5-03-32-01-06-07-E8-00"))
        {
            transport.Send([b]);
        }
        var reader = new Pn532FrameReader(transport, TimeSpan.FromSeconds(5));

        var result = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal("03-32-01-06-07", Hex.Format(result.Frame!.Data.Span));
    }

    [Fact]
    public async Task A_frame_that_stops_arriving_is_reported_truncated_and_the_next_one_read()
    {
        var transport = await Open();
        transport.Send("00-00-FF-06-FA-D5-03");
        var reader = new Pn532FrameReader(transport, TimeSpan.FromMilliseconds(50));

        var truncated = await reader.ReadAsync(CancellationToken.None);
        transport.Send("00-00-FF-02-FE-D5-15-16-00");
        var next = await reader.ReadAsync(CancellationToken.None);

        Assert.Equal(Pn532DecodeStatus.Corrupt, truncated.Status);
        Assert.Equal("truncated frame", truncated.Problem);
        Assert.Equal("15", Hex.Format(next.Frame!.Data.Span));
    }

    [Fact]
    public async Task A_closed_connection_is_a_transport_error()
    {
        var transport = await Open();
        transport.Send("00-00-FF");
        transport.HangUp();
        var reader = new Pn532FrameReader(transport);

        await Assert.ThrowsAsync<ReaderTransportException>(() => reader.ReadAsync(CancellationToken.None).AsTask());
    }

    private static async Task<InMemoryReaderTransport> Open()
    {
        var transport = new InMemoryReaderTransport();
        await transport.OpenAsync(CancellationToken.None);
        return transport;
    }
}
