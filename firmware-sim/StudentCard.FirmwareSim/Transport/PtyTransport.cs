namespace StudentCard.FirmwareSim.Transport;

/// <summary>Serves the chip on a pseudo-terminal, optionally behind a stable symlink (--link).</summary>
internal sealed class PtyTransport : IBoardTransport
{
    private readonly PseudoTerminal _pty;
    private readonly Pn532Chip _chip;
    private readonly OutboundQueue _outbound;
    private readonly string? _linkPath;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private readonly Task _writer;

    private PtyTransport(PseudoTerminal pty, Pn532Chip chip, OutboundQueue outbound, string? linkPath)
    {
        _pty = pty;
        _chip = chip;
        _outbound = outbound;
        _linkPath = linkPath;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "pty reader" };
        _reader.Start();
        _writer = Task.Factory.StartNew(WriteLoop, TaskCreationOptions.LongRunning).Unwrap();
    }

    public string? DevicePath => _linkPath ?? _pty.SlavePath;

    public int? Port => null;

    public static PtyTransport Start(Pn532Chip chip, OutboundQueue outbound, string? linkPath)
    {
        var pty = PseudoTerminal.Open();
        try
        {
            if (linkPath is not null)
            {
                CreateLink(linkPath, pty.SlavePath);
            }

            return new PtyTransport(pty, chip, outbound, linkPath is null ? null : Path.GetFullPath(linkPath));
        }
        catch
        {
            pty.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _outbound.Complete();
        _reader.Join();
        try
        {
            await _writer;
        }
        catch (OperationCanceledException)
        {
            // Stopping with output still queued for a host that no longer reads.
        }

        RemoveLink();
        _pty.Dispose();
        _stop.Dispose();
    }

    private static void CreateLink(string linkPath, string target)
    {
        var existing = new FileInfo(linkPath);
        if (existing.LinkTarget is not null)
        {
            // A stale link from an earlier run that did not stop cleanly.
            existing.Delete();
        }
        else if (existing.Exists || Directory.Exists(linkPath))
        {
            throw new IOException($"{linkPath} exists and is not a symbolic link; not replacing it.");
        }

        File.CreateSymbolicLink(linkPath, target);
    }

    private void RemoveLink()
    {
        if (_linkPath is null)
        {
            return;
        }

        var link = new FileInfo(_linkPath);
        if (link.LinkTarget == _pty.SlavePath)
        {
            link.Delete();
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[512];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _pty.Read(buffer, 100);
            }
            catch (IOException)
            {
                return;
            }

            if (n > 0)
            {
                _outbound.Received(buffer.AsSpan(0, n));
                _chip.Receive(buffer.AsSpan(0, n));
            }
        }
    }

    private async Task WriteLoop()
    {
        await foreach (var chunk in _outbound.Reader.ReadAllAsync(_stop.Token))
        {
            _pty.Write(chunk, _stop.Token);
            _outbound.Sent(chunk);
        }
    }
}
