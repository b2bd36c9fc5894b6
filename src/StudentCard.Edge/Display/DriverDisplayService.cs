using System.Reflection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using StudentCard.Core;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Display;

/// <summary>Redraws the driver display when what it shows changes, at most a few times a second; idle when not enabled.</summary>
public sealed class DriverDisplayService : BackgroundService
{
    private readonly DriverDisplay _display;
    private readonly DisplayOptions _options;
    private readonly bool _enabled;
    private readonly Func<IAnsiConsole?> _open;
    private readonly TimeProvider _time;
    private readonly ILogger<DriverDisplayService> _logger;
    private DriverTerminal? _terminal;

    public DriverDisplayService(
        DriverDisplay display,
        IOptions<DisplayOptions> options,
        IOptions<EdgeOptions> edge,
        TimeProvider time,
        ILogger<DriverDisplayService> logger)
        : this(display, options.Value, IsEnabled(options.Value, edge.Value.Type), null, time, logger)
    {
    }

    internal DriverDisplayService(
        DriverDisplay display,
        DisplayOptions options,
        bool enabled,
        IAnsiConsole? console,
        TimeProvider time,
        ILogger<DriverDisplayService> logger)
    {
        _display = display;
        _options = options;
        _enabled = enabled;
        _time = time;
        _logger = logger;
        _open = console is not null ? () => console : OpenTerminal;
    }

    /// <summary>
    /// An explicit setting wins. Unset, a bus reader shows the display when this process is the agent program itself with a
    /// terminal to draw on: an agent hosted in another program (the demo, tests) shares that program's console and stays quiet.
    /// </summary>
    public static bool IsEnabled(DisplayOptions options, ReaderType type) =>
        options.Enabled ?? (type == ReaderType.Bus
            && Assembly.GetEntryAssembly() == typeof(DriverDisplayService).Assembly
            && (options.Terminal is { Length: > 0 } || !Console.IsOutputRedirected));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            return;
        }
        await Task.Yield();
        var console = _open();
        if (console is null)
        {
            return;
        }
        var refresh = TimeSpan.FromMilliseconds(_options.RefreshMs);
        var gap = TimeSpan.FromMilliseconds(_options.MinRedrawMs);
        DriverScreen? shown = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var changed = _display.NextChange;
                var screen = _display.Current();
                if (screen != shown)
                {
                    Draw(console, screen);
                    shown = screen;
                    // A burst of taps redraws at most once per gap; whatever changed meanwhile is drawn right after it.
                    await Task.Delay(gap, _time, stoppingToken);
                    continue;
                }
                try
                {
                    await changed.WaitAsync(refresh, _time, stoppingToken);
                }
                catch (TimeoutException)
                {
                    // Nothing announced: the next turn still looks at the link, the backlog and the clock.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _terminal?.Dispose();
        base.Dispose();
    }

    private void Draw(IAnsiConsole console, DriverScreen screen)
    {
        try
        {
            console.Clear(home: true);
            console.Write(DriverScreenView.Build(screen));
        }
        catch (IOException e)
        {
            // A screen unplugged mid-trip must not stop the agent: taps are still decided and kept.
            _logger.LogWarning("The driver display could not be drawn: {Error}", e.Message);
        }
    }

    private IAnsiConsole? OpenTerminal()
    {
        try
        {
            _terminal = DriverTerminal.Open(_options);
            return _terminal.Console;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("The driver display's terminal {Terminal} could not be opened: {Error}", _options.Terminal, e.Message);
            return null;
        }
    }
}
