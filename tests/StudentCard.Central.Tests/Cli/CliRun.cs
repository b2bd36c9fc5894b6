using Microsoft.Data.Sqlite;
using StudentCard.Central.Cli;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

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

    /// <summary>Enrolls a pupil with gate, bus and library rights through "cards enroll"; returns the token file.</summary>
    public async Task<string> EnrollAsync(SyntheticStudent pupil)
    {
        var token = File($"{pupil.StudentNumber}.token");
        await System.IO.File.WriteAllTextAsync(token, Roster.Token(pupil, KeyFile.Read(Path.Combine(DataDirectory, "keys.json"))).Value);
        var result = await RunAsync(EnrollArgs(pupil, token));
        Assert.True(result.Code == CliExit.Ok, result.ToString());
        return token;
    }

    public static string[] EnrollArgs(SyntheticStudent pupil, string tokenFile) =>
    [
        "cards", "enroll", "--student", pupil.StudentNumber, "--given-name", pupil.GivenName, "--family-name", pupil.FamilyName,
        "--school", pupil.School, "--class", pupil.ClassName, "--birth-year", pupil.BirthYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--guardian-name", pupil.GuardianName, "--token-file", tokenFile, "--grant", "gate", "bus", "library",
        "--from", DateTimeOffset.UtcNow.AddDays(-1).ToString("O"), "--until", DateTimeOffset.UtcNow.AddDays(100).ToString("O"),
    ];

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
