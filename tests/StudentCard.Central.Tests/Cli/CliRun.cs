using Microsoft.Data.Sqlite;
using StudentCard.Central.Cli;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Cli;

/// <summary>A data directory with a key file, and the command line run against it with captured output.</summary>
internal sealed class CliRun : IDisposable
{
    private readonly TempDirectory _directory = new();

    public CliRun()
    {
        Directory.CreateDirectory(DataDirectory);
        KeyFile.Write(Path.Combine(DataDirectory, "keys.json"), KeyRing.Generate());
    }

    public string Root => _directory.Path;

    public string DataDirectory => Path.Combine(_directory.Path, "data");

    public string File(string name) => Path.Combine(_directory.Path, name);

    /// <summary>Runs a command line; store commands get --data for this directory appended.</summary>
    public async Task<Result> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync([.. args, "--data", DataDirectory], output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static async Task<Result> RunBareAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync(args, output, error);
        return new Result(code, output.ToString(), error.ToString());
    }

    public Task<CliServices> ServicesAsync() => CliServices.OpenAsync(DataDirectory, null, [], CancellationToken.None);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    /// <summary>An exit code with what went to standard output and standard error.</summary>
    public sealed record Result(int Code, string Output, string Error)
    {
        public override string ToString() => $"exit {Code}\nout: {Output}\nerr: {Error}";
    }
}
