using System.CommandLine;

namespace StudentCard.Central.Cli;

/// <summary>
/// A command that works on Central's stores directly: --data, --keys and trailing --Section:Key=value settings. Reads run
/// beside a running Central; a maintenance command (<c>centralStopped</c>) runs only while Central is stopped
/// (<see cref="StoppedCentral"/>).
/// </summary>
public sealed class StoreCommand : Command
{
    private readonly Option<string> _data = CliOptions.Data();
    private readonly Option<string?> _keys = CliOptions.Keys();
    private readonly bool _centralStopped;

    public StoreCommand(string name, string description, bool centralStopped = false) : base(name, description)
    {
        _centralStopped = centralStopped;
        Options.Add(_data);
        Options.Add(_keys);
        TreatUnmatchedTokensAsErrors = false;
    }

    /// <summary>Runs <paramref name="action"/> over the opened stores; it returns the exit code.</summary>
    public void SetStoreAction(Func<ParseResult, CliServices, CancellationToken, Task<int>> action) =>
        SetAction(async (parsed, cancellationToken) =>
        {
            using var stopped = _centralStopped ? StoppedCentral.Require(parsed.GetValue(_data)!) : null;
            await using var services = await CliServices.OpenAsync(parsed.GetValue(_data)!, parsed.GetValue(_keys), CliOptions.Settings(parsed), cancellationToken);
            return await action(parsed, services, cancellationToken);
        });
}
