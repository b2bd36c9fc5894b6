using StudentCard.FirmwareSim.Feedback;
using StudentCard.FirmwareSim.Scripts;
using StudentCard.FirmwareSim.Transport;

namespace StudentCard.FirmwareSim;

/// <summary>One simulated reader board: a PN532 on a pseudo-terminal or TCP port, its card field, LEDs and buzzer.</summary>
public sealed class SimulatedBoard : IAsyncDisposable
{
    private readonly Pn532Chip _chip;
    private readonly OutboundQueue _outbound = new();
    private readonly BoardConsole _console;
    private readonly Lock _gate = new();
    private readonly List<FeedbackEvent> _feedback = [];
    private IBoardTransport? _transport;

    private SimulatedBoard(string name, TextWriter? console)
    {
        Field = new CardField();
        _console = new BoardConsole(name, console);
        _chip = new Pn532Chip(Field, _outbound);
        _chip.FeedbackChanged += OnFeedback;
        Field.Changed += _console.Show;
    }

    /// <summary>Raised on each LED or buzzer change, after it is recorded in <see cref="Feedback"/>.</summary>
    public event Action<FeedbackEvent>? FeedbackChanged;

    /// <summary>The pty slave path the host opens (or the --link path when one was given); null on TCP.</summary>
    public string? DevicePath => _transport?.DevicePath;

    /// <summary>The TCP port the board listens on; null on a pty.</summary>
    public int? Port => _transport?.Port;

    /// <summary>The cards in the reader's RF field.</summary>
    public CardField Field { get; }

    /// <summary>A snapshot of every LED/buzzer change so far.</summary>
    public IReadOnlyList<FeedbackEvent> Feedback
    {
        get
        {
            lock (_gate)
            {
                return _feedback.ToArray();
            }
        }
    }

    /// <summary>Starts a board on a new pseudo-terminal; with <paramref name="linkPath"/>, a symlink there points to it.</summary>
    public static SimulatedBoard StartOnPseudoTerminal(string? linkPath = null, string name = "sim", TextWriter? console = null)
    {
        var board = new SimulatedBoard(name, console);
        return board.Attach(() => PtyTransport.Start(board._chip, board._outbound, linkPath));
    }

    /// <summary>Starts a board serving <paramref name="bind"/> (default 127.0.0.1):<paramref name="port"/>; port 0 picks a free one (see <see cref="Port"/>).</summary>
    public static SimulatedBoard StartOnTcp(int port, string name = "sim", TextWriter? console = null, System.Net.IPAddress? bind = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var board = new SimulatedBoard(name, console);
        return board.Attach(() => TcpTransport.Start(board._chip, board._outbound, port, bind ?? System.Net.IPAddress.Loopback));
    }

    /// <summary>Every chunk of bytes read from or written to the host, timestamped when it crossed the line.</summary>
    public event Action<WireEvent>? Wire
    {
        add => _outbound.Trace += value;
        remove => _outbound.Trace -= value;
    }

    /// <summary>Runs a tap script (tap, hold, remove, wait, pair, clear, vanish-on-exchange, repeat ... end) against the field.</summary>
    /// <exception cref="TapScriptException">A line is malformed; the lines after it are not run.</exception>
    public Task RunScriptAsync(TextReader script, CancellationToken ct) =>
        new TapScriptRunner(Field, (delay, token) => Task.Delay(delay, token)).RunAsync(script, ct);

    public async ValueTask DisposeAsync()
    {
        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        Field.Changed -= _console.Show;
        _chip.Dispose();
    }

    private SimulatedBoard Attach(Func<IBoardTransport> start)
    {
        try
        {
            _transport = start();
            return this;
        }
        catch
        {
            _chip.Dispose();
            throw;
        }
    }

    private void OnFeedback(FeedbackEvent feedback)
    {
        lock (_gate)
        {
            _feedback.Add(feedback);
        }

        _console.Show(feedback);
        FeedbackChanged?.Invoke(feedback);
    }
}
