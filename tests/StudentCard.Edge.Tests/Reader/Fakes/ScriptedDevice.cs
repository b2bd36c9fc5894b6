namespace StudentCard.Edge.Tests.Reader;

/// <summary>A device that expects exact host writes in order and answers each with exact bytes.</summary>
internal sealed class ScriptedDevice
{
    private readonly Queue<(string Expect, string[] Replies)> _steps = new();
    private readonly List<string> _unexpected = [];

    public ScriptedDevice Expect(string request, params string[] replies)
    {
        _steps.Enqueue((Hex.Format(Hex.Parse(request)), replies));
        return this;
    }

    public IReadOnlyList<string> Unexpected => _unexpected;

    public int Remaining => _steps.Count;

    public IEnumerable<byte[]> Respond(byte[] written)
    {
        var actual = Hex.Format(written);
        if (_steps.Count == 0 || _steps.Peek().Expect != actual)
        {
            _unexpected.Add(actual);
            return [];
        }
        return _steps.Dequeue().Replies.Select(Hex.Parse).ToList();
    }

    public InMemoryReaderTransport Transport() => new(Respond);
}
