using Microsoft.Extensions.Time.Testing;
using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim.Tests.Support;

/// <summary>A chip wired to a capture buffer and a manual clock, awake unless asked otherwise.</summary>
internal sealed class ChipRig : IDisposable
{
    public const string Ack = "00-00-FF-00-FF-00";
    public const string SyntaxError = "00-00-FF-01-FF-7F-81-00";

    public ChipRig(bool awake = true)
    {
        Chip = new Pn532Chip(Field, Output, Time, awake);
        Chip.FeedbackChanged += Feedback.Add;
    }

    public CardField Field { get; } = new();

    public CapturedOutput Output { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 9, 1, 7, 45, 0, TimeSpan.Zero));

    public Pn532Chip Chip { get; }

    public List<FeedbackEvent> Feedback { get; } = [];

    /// <summary>Sends raw bytes and returns what came back.</summary>
    public string SendRaw(string hex)
    {
        Chip.Receive(Hex.Bytes(hex));
        return Output.TakeHex();
    }

    /// <summary>Wraps TFI + data ("D4 02") in a frame, sends it and returns what came back.</summary>
    public string Command(string payload)
    {
        var bytes = Hex.Bytes(payload);
        Chip.Receive(Pn532Frame.Information(bytes[0], bytes.AsSpan(1)));
        return Output.TakeHex();
    }

    /// <summary>The data of the single response frame after the ACK ("D5 .." without framing).</summary>
    public byte[] Exchange(string payload)
    {
        var reply = Hex.Bytes(Command(payload));
        Assert.Equal(Hex.Bytes(Ack), reply[..6]);
        var response = reply[6..];
        Assert.Equal(response[3] + 7, response.Length);
        return response[5..^2];
    }

    public void Dispose() => Chip.Dispose();
}
