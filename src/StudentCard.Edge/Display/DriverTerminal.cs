using Spectre.Console;

namespace StudentCard.Edge.Display;

/// <summary>The console the driver display draws on: a terminal device when configured, else the agent's own.</summary>
public sealed class DriverTerminal : IDisposable
{
    private readonly StreamWriter? _device;

    private DriverTerminal(IAnsiConsole console, StreamWriter? device)
    {
        Console = console;
        _device = device;
    }

    public IAnsiConsole Console { get; }

    public static DriverTerminal Open(DisplayOptions options)
    {
        DriverTerminal terminal;
        if (options.Terminal is { Length: > 0 } path)
        {
            var device = new StreamWriter(new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            terminal = new DriverTerminal(
                AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Out = new AnsiConsoleOutput(device),
                    Ansi = AnsiSupport.Yes,
                    ColorSystem = ColorSystemSupport.Standard,
                    Interactive = InteractionSupport.No,
                }),
                device);
        }
        else
        {
            terminal = new DriverTerminal(AnsiConsole.Create(new AnsiConsoleSettings()), null);
        }
        if (options.Width is { } width)
        {
            terminal.Console.Profile.Width = width;
        }
        return terminal;
    }

    public void Dispose() => _device?.Dispose();
}
