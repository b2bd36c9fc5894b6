using System.Runtime.InteropServices;
using StudentCard.FirmwareSim.Scripts;

namespace StudentCard.FirmwareSim.Cli;

/// <summary>Runs one board from the command line until Ctrl+C or SIGTERM.</summary>
internal static class SimulatorHost
{
    public static async Task<int> RunAsync(CliOptions options)
    {
        if (options.ScriptPath is not null && Validate(options.ScriptPath) is { } problem)
        {
            await Console.Error.WriteLineAsync($"--script {options.ScriptPath}: {problem}");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var console = options.Quiet ? null : Console.Out;
        await using var board = options.TcpPort is { } port
            ? SimulatedBoard.StartOnTcp(port, options.Name, console, options.TcpBind)
            : SimulatedBoard.StartOnPseudoTerminal(options.LinkPath, options.Name, console);
        Console.WriteLine(board.Port is { } listening ? $"tcp: {options.TcpBind ?? System.Net.IPAddress.Loopback}:{listening}" : $"pty: {board.DevicePath}");

        if (options.HeldCard is not null)
        {
            board.Field.Present(options.HeldCard);
        }

        try
        {
            if (options.ScriptPath is not null)
            {
                using var script = File.OpenText(options.ScriptPath);
                await board.RunScriptAsync(script, stop.Token);
            }

            // Console reads do not honour cancellation, so stdin is read alongside rather than awaited.
            if (options.ReadStdin)
            {
                _ = ReadConsoleAsync(board, stop.Token);
            }

            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: dispose the board, which removes the --link symlink.
        }

        await Console.Out.FlushAsync(CancellationToken.None);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    // Interactive: a bad line is reported and the next one is read.
    private static async Task ReadConsoleAsync(SimulatedBoard board, CancellationToken ct)
    {
        var stdin = Console.In;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await board.RunScriptAsync(stdin, ct);
                return;
            }
            catch (TapScriptException e)
            {
                await Console.Error.WriteLineAsync($"stdin {e.Message}");
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string? Validate(string path)
    {
        try
        {
            TapScriptParser.ParseAll(File.ReadAllText(path));
            return null;
        }
        catch (Exception e) when (e is TapScriptException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }
}
