using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// "keys rotate": runs <see cref="KeyRotation"/> against Central's stores and key file from the
/// command line. Run it while Central is stopped (agents keep deciding taps from their local
/// lists meanwhile); Central announces the new allow-list versions when it starts, and the
/// operator re-exports the agents' key files with "keys export-reader --replace true".
/// </summary>
public static class RotateCommand
{
    public static int Run(ReaderType purpose, bool complete, string keyFile, string dataDirectory, TextWriter output, TextWriter error)
    {
        if (!Directory.Exists(dataDirectory))
        {
            error.WriteLine($"No Central data directory at '{dataDirectory}'; pass --data with Central:DataDirectory.");
            return 1;
        }
        using var app = CentralApp.Build(
        [
            $"--Central:DataDirectory={dataDirectory}",
            $"--Central:KeyFile={keyFile}",
            "--Serilog:MinimumLevel:Default=Error",
        ]);
        var rotation = app.Services.GetRequiredService<KeyRotation>();
        var result = (complete ? rotation.CompleteAsync(purpose) : rotation.BeginAsync(purpose)).GetAwaiter().GetResult();
        output.WriteLine(complete
            ? $"Completed the {purpose.Name()} key rotation: version {result.KeyVersion} only, {result.Entitlements} old entitlements removed, allow-list version {result.AllowListVersion}."
            : $"Began the {purpose.Name()} key rotation: version {result.KeyVersion}, {result.Entitlements} entitlements derived, allow-list version {result.AllowListVersion}. " +
              $"Re-export the {purpose.Name()} agents' key files (keys export-reader --replace true), then run keys rotate --complete true.");
        return 0;
    }
}
