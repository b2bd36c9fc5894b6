using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>
/// A minimal PN532 behind in-memory transports for reader-loop tests: answers every command, lists the cards
/// placed in its field and records GPIO writes. Frame bytes themselves are covered by the exact-byte tests.
/// </summary>
internal sealed class FakePn532
{
    private readonly object _lock = new();
    private readonly List<byte[]> _field = [];
    private readonly List<byte> _p3Writes = [];
    private readonly List<InMemoryReaderTransport> _transports = [];
    private int _polls;

    /// <summary>How many of the next transports fail to open.</summary>
    public int FailingOpens { get; set; }

    public int Polls => Volatile.Read(ref _polls);

    public IReadOnlyList<byte> P3Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _p3Writes];
            }
        }
    }

    public IReadOnlyList<InMemoryReaderTransport> Transports
    {
        get
        {
            lock (_lock)
            {
                return [.. _transports];
            }
        }
    }

    public void Present(string uidHex)
    {
        lock (_lock)
        {
            _field.Add(Hex.Parse(uidHex));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _field.Clear();
        }
    }

    public IReaderTransport CreateTransport()
    {
        lock (_lock)
        {
            var transport = new InMemoryReaderTransport(Respond) { FailOpen = FailingOpens > 0 };
            FailingOpens = Math.Max(0, FailingOpens - 1);
            _transports.Add(transport);
            return transport;
        }
    }

    private IEnumerable<byte[]> Respond(byte[] written)
    {
        // Wake-up preamble, ACK and NACK get no answer; commands are 00 00 FF LEN LCS D4 CMD ...
        if (written.Length < 8 || written[0] == 0x55 || written[5] != Pn532Frame.HostToPn532)
        {
            return [];
        }
        byte command = written[6];
        byte[] parameters = command switch
        {
            Pn532Command.GetFirmwareVersion => [0x32, 0x01, 0x06, 0x07],
            Pn532Command.InListPassiveTarget => ListTargets(),
            Pn532Command.InRelease => [0x00],
            Pn532Command.WriteGpio => RecordGpio(written[7]),
            _ => [],
        };
        return [Pn532Frame.Ack.Encode(), Pn532Frame.Information(Pn532Frame.Pn532ToHost, [(byte)(command + 1), .. parameters]).Encode()];
    }

    private byte[] ListTargets()
    {
        Interlocked.Increment(ref _polls);
        lock (_lock)
        {
            var listed = _field.Take(2).ToList();
            var data = new List<byte> { (byte)listed.Count };
            for (int i = 0; i < listed.Count; i++)
            {
                data.AddRange([(byte)(i + 1), 0x00, 0x04, 0x08, (byte)listed[i].Length]);
                data.AddRange(listed[i]);
            }
            return [.. data];
        }
    }

    private byte[] RecordGpio(byte p3)
    {
        lock (_lock)
        {
            _p3Writes.Add(p3);
        }
        return [];
    }
}
