using System.CommandLine;

namespace StudentCard.Central.Cli;

/// <summary>A command that works on Central's stores: --data, --keys and trailing --Section:Key=value settings.</summary>
public sealed class StoreCommand : Command
{
    private readonly Option<string> _data = CliOptions.Data();
    private readonly Option<string?> _keys = CliOptions.Keys();

    public StoreCommand(string name, string description) : base(name, description)
    {
        Options.Add(_data);
        Options.Add(_keys);
        TreatUnmatchedTokensAsErrors = false;
    }

    /// <summary>Runs <paramref name="action"/> over the opened stores; it returns the exit code.</summary>
    public void SetStoreAction(Func<ParseResult, CliServices, CancellationToken, Task<int>> action) =>
        SetAction(async (parsed, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(parsed.GetValue(_data)!, parsed.GetValue(_keys), CliOptions.Settings(parsed), cancellationToken);
            return await action(parsed, services, cancellationToken);
        });
}
