using System.Net.Sockets;
using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Transport;

public sealed class TcpTest
{
    private const string WakeUp = "55-55-00-00-00-00-00-00-00-00-00-00-00-00-00-00-";

    [Fact]
    public async Task AnswersFirmwareVersionOverTcp()
    {
        await using var board = SimulatedBoard.StartOnTcp(0);
        Assert.NotNull(board.Port);
        Assert.Null(board.DevicePath);
        using var client = await Connect(board);

        var answer = await Transact(client, WakeUp + "00-00-FF-02-FE-D4-02-2A-00", 19);

        Assert.Equal("00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00", answer);
    }

    [Fact]
    public async Task ListsHeldCardAndRecordsFeedback()
    {
        var console = new StringWriter();
        await using var board = SimulatedBoard.StartOnTcp(0, "gate", console);
        board.Field.Present(SimulatedCard.FromHex("04A1B2C3"));
        var beeped = new TaskCompletionSource<FeedbackEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        board.FeedbackChanged += e => beeped.TrySetResult(e);
        using var client = await Connect(board);

        var listed = await Transact(client, WakeUp + "00-00-FF-04-FC-D4-4A-01-00-E1-00", 25);
        await Transact(client, "00-00-FF-04-FC-D4-0E-91-00-8D-00", 15);
        var feedback = await beeped.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("00-00-FF-00-FF-00-00-00-FF-0C-F4-D5-4B-01-01-00-04-08-04-04-A1-B2-C3-B4-00", listed);
        Assert.Equal((true, false, true), (feedback.Green, feedback.Red, feedback.Buzzer));
        Assert.Equal(feedback, Assert.Single(board.Feedback));
        var printed = console.ToString();
        Assert.Contains("[gate] LED green ON", printed, StringComparison.Ordinal);
        Assert.Contains("[gate] BEEP", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("A1B2C3", printed, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TracesBothDirectionsOfTheLineInOrder()
    {
        await using var board = SimulatedBoard.StartOnTcp(0);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<WireEvent>();
        board.Wire += seen.Enqueue;
        using var client = await Connect(board);

        await Transact(client, WakeUp + "00-00-FF-02-FE-D4-02-2A-00", 19);
        // The trace of a write is recorded just after the write returns, which may be after the client read it.
        for (var i = 0; i < 500 && seen.Where(e => !e.FromHost).Sum(e => e.Bytes.Length) < 19; i++)
        {
            await Task.Delay(10);
        }

        var events = seen.ToArray();
        Assert.Equal(WakeUp + "00-00-FF-02-FE-D4-02-2A-00", BitConverter.ToString(events.Where(e => e.FromHost).SelectMany(e => e.Bytes).ToArray()));
        Assert.Equal("00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00", BitConverter.ToString(events.Where(e => !e.FromHost).SelectMany(e => e.Bytes).ToArray()));
        Assert.True(events.First(e => !e.FromHost).Timestamp >= events.Last(e => e.FromHost).Timestamp);
    }

    [Fact]
    public async Task ServesTheNextClientAfterOneDisconnects()
    {
        await using var board = SimulatedBoard.StartOnTcp(0);
        using (var first = await Connect(board))
        {
            await Transact(first, WakeUp + "00-00-FF-02-FE-D4-02-2A-00", 19);
        }

        using var second = await Connect(board);

        Assert.Equal(
            "00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00",
            await Transact(second, "00-00-FF-02-FE-D4-02-2A-00", 19));
    }

    private static async Task<TcpClient> Connect(SimulatedBoard board)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", board.Port!.Value);
        return client;
    }

    private static async Task<string> Transact(TcpClient client, string request, int expectedLength)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Hex.Bytes(request));
        var answer = new byte[expectedLength];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.ReadExactlyAsync(answer, timeout.Token);
        return Hex.Dashed(answer);
    }
}
