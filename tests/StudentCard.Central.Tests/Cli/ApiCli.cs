using StudentCard.Central.Cli;

namespace StudentCard.Central.Tests.Cli;

/// <summary>The command line run against a running Central's admin API, as an account whose password is in STUDENTCARD_PASSWORD.</summary>
internal static class ApiCli
{
    public static CliInput Password(string password) =>
        new(name => name == AdminApiClient.PasswordVariable ? password : null, RedirectedInput: null);

    /// <summary>Runs <paramref name="args"/> with --account and --central appended.</summary>
    public static async Task<CliRun.Result> RunAsync(string adminUrl, string account, string password, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CentralCli.RunAsync([.. args, "--account", account, "--central", adminUrl], output, error, Password(password));
        return new CliRun.Result(code, output.ToString(), error.ToString());
    }

    /// <summary>An admin UI address nothing listens on.</summary>
    public static string Unreachable()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
