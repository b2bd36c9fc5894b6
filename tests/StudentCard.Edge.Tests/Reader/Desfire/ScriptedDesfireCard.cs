using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>A card that expects exact frames in turn and gives scripted answers; a function answer may throw (the card leaves).</summary>
internal sealed class ScriptedDesfireCard
{
    private readonly Queue<(string Expected, Func<byte[], byte[]> Answer)> _script = new();

    public List<string> Sent { get; } = [];

    public ScriptedDesfireCard Expect(string frame, string answer) => Expect(frame, _ => Hex.Parse(answer));

    public ScriptedDesfireCard Expect(string frame, Func<byte[], byte[]> answer)
    {
        _script.Enqueue((frame, answer));
        return this;
    }

    public DesfireExchange Exchange => (frame, _) =>
    {
        var bytes = frame.ToArray();
        Sent.Add(Hex.Format(bytes));
        var (expected, answer) = _script.Dequeue();
        if (expected != "*")
        {
            Assert.Equal(expected, Hex.Format(bytes));
        }
        return Task.FromResult(answer(bytes));
    };

    public void AssertDone() => Assert.Empty(_script);
}
