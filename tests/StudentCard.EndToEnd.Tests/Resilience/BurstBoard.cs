using System.Net;
using System.Net.Sockets;
using StudentCard.FirmwareSim;
using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.EndToEnd.Tests.Resilience;

/// <summary>
/// A simulated reader board (the firmware simulator's PN532 chip) served on loopback TCP that feeds
/// a burst of cards: each card enters the field, stays until a listing has named it, then leaves and
/// the next one enters. From the line alone it records, per agent process, which cards were listed
/// and what each tap's feedback showed (the first step of every pattern sounds the buzzer, so one
/// WriteGPIO with the buzzer on is one answered tap; an agent answers its taps in the order it read them).
/// </summary>
public sealed class BurstBoard : IAsyncDisposable
{
    private const byte InListPassiveTargetResponse = 0x4B;
    private const byte WriteGpio = 0x0E;
    private const byte GreenLed = 0x01;
    private const byte RedLed = 0x02;
    private const byte Buzzer = 0x10;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CardField _field = new();
    private readonly Pn532Chip _chip;
    private readonly IReadOnlyList<byte[]> _cards;
    private readonly Lock _gate = new();
    private readonly List<AgentLife> _lives = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly ChipLine _line;
    private Task _serving = Task.CompletedTask;
    private int _current = -1;
    private bool _listedCurrent;

    public BurstBoard(IReadOnlyList<byte[]> cards)
    {
        _cards = cards;
        _line = new ChipLine(this);
        _chip = new Pn532Chip(_field, _line);
        _lives.Add(new AgentLife());
        _listener.Start(backlog: 1);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Cards named by a listing so far, over every agent process.</summary>
    public int Listed
    {
        get
        {
            lock (_gate)
            {
                return _lives.Sum(l => l.Listed.Count);
            }
        }
    }

    /// <summary>Taps the board answered with feedback so far, over every agent process.</summary>
    public int Answered
    {
        get
        {
            lock (_gate)
            {
                return _lives.Sum(l => l.Feedback.Count);
            }
        }
    }

    /// <summary>True once every card was listed and the current agent answered each card it listed.</summary>
    public bool Done
    {
        get
        {
            lock (_gate)
            {
                return _current >= _cards.Count && _lives[^1].Feedback.Count >= _lives[^1].Listed.Count;
            }
        }
    }

    /// <summary>Starts serving the line; cards enter the field only after <see cref="BeginBurst"/>.</summary>
    public void Serve() => _serving = Task.Run(ServeAsync);

    /// <summary>Puts the first card in the field.</summary>
    public void BeginBurst()
    {
        lock (_gate)
        {
            if (_current >= 0)
            {
                return;
            }
            _current = 0;
        }
        Present(_cards[0]);
    }

    /// <summary>The agent was killed and another process is about to take the line: what follows belongs to it.</summary>
    public void NextAgentLife()
    {
        lock (_gate)
        {
            _lives.Add(new AgentLife());
        }
    }

    /// <summary>Each agent process's listed cards (by index) and the feedback of the taps it answered, in order.</summary>
    public IReadOnlyList<(IReadOnlyList<int> Listed, IReadOnlyList<bool> Green)> Lives()
    {
        lock (_gate)
        {
            return _lives.Select(l => ((IReadOnlyList<int>)l.Listed.ToArray(), (IReadOnlyList<bool>)l.Feedback.ToArray())).ToArray();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _line.Detach();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _chip.Dispose();
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[1024];
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                AgentLife life;
                lock (_gate)
                {
                    // A killed agent's connection is served to its end before the next one is accepted.
                    life = _lives[^1];
                }
                var fromHost = new Pn532LineScanner();
                _chip.DiscardPartialInput();
                _line.Attach(stream, life);
                try
                {
                    int n;
                    while ((n = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                    {
                        foreach (var frame in fromHost.Feed(buffer.AsSpan(0, n)))
                        {
                            OnHostFrame(frame, life);
                        }
                        _chip.Receive(buffer.AsSpan(0, n));
                        AdvanceIfListed();
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    // The agent went away (or was killed); the next one connects afresh.
                }
                finally
                {
                    _line.Detach();
                }
            }
        }
    }

    private void OnHostFrame(byte[] frame, AgentLife life)
    {
        if (frame.Length >= 4 && frame[0] == Pn532Frame.HostToChip && frame[1] == WriteGpio && (frame[2] & Buzzer) != 0)
        {
            var p3 = frame[2];
            lock (_gate)
            {
                life.Feedback.Add((p3 & GreenLed) != 0 && (p3 & RedLed) == 0);
            }
        }
    }

    // Runs under the chip's lock, inside Receive: only notes that the card in the field was named.
    private void OnChipFrame(byte[] frame, AgentLife life)
    {
        if (frame.Length < 8 || frame[0] != Pn532Frame.ChipToHost || frame[1] != InListPassiveTargetResponse || frame[2] == 0)
        {
            return;
        }
        var uidLength = frame[7];
        if (frame.Length < 8 + uidLength)
        {
            return;
        }
        var uid = frame.AsSpan(8, uidLength);
        lock (_gate)
        {
            // A NACKed listing is sent again: the card counts once.
            if (_current >= 0 && _current < _cards.Count && !_listedCurrent && uid.SequenceEqual(_cards[_current]))
            {
                _listedCurrent = true;
                life.Listed.Add(_current);
            }
        }
    }

    // The field is changed outside the board's lock: the chip takes its own lock on every change.
    private void AdvanceIfListed()
    {
        byte[] leaving;
        byte[]? entering;
        lock (_gate)
        {
            if (!_listedCurrent)
            {
                return;
            }
            leaving = _cards[_current];
            _current++;
            _listedCurrent = false;
            entering = _current < _cards.Count ? _cards[_current] : null;
        }
        _field.Remove(leaving);
        if (entering is not null)
        {
            Present(entering);
        }
    }

    private void Present(byte[] uid) =>
        _field.Present(uid.Length == 4 ? new SimulatedCard(uid, 0x0004, 0x08) : new SimulatedCard(uid, 0x0044, 0x00));

    private sealed class AgentLife
    {
        public List<int> Listed { get; } = [];

        public List<bool> Feedback { get; } = [];
    }

    /// <summary>The chip's side of the line: its frames go to the connected agent and past the listing watch.</summary>
    private sealed class ChipLine(BurstBoard board) : IChipOutput
    {
        private readonly Lock _gate = new();
        private readonly Pn532LineScanner _scanner = new();
        private NetworkStream? _stream;
        private AgentLife? _life;

        public void Attach(NetworkStream stream, AgentLife life)
        {
            lock (_gate)
            {
                _stream = stream;
                _life = life;
            }
        }

        public void Detach()
        {
            lock (_gate)
            {
                _stream = null;
                _life = null;
            }
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            lock (_gate)
            {
                if (_stream is not { } stream || _life is not { } life)
                {
                    return;
                }
                foreach (var frame in _scanner.Feed(bytes))
                {
                    board.OnChipFrame(frame, life);
                }
                try
                {
                    stream.Write(bytes);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The agent is gone; what it did not read is what a killed process never saw.
                }
            }
        }
    }
}
