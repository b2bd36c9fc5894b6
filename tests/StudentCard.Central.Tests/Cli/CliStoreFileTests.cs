using StudentCard.Central.Cli;

namespace StudentCard.Central.Tests.Cli;

/// <summary>Store commands against a data directory whose store files are missing or damaged: a message naming the file and what to do, never a stack trace.</summary>
public sealed class CliStoreFileTests : IDisposable
{
    private const string Damaged = "not a database: a file copied over the store by mistake";

    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [InlineData("central.db", "readers list")]
    [InlineData("central.db", "retention report")]
    [InlineData("vault.db", "dsr list")]
    [InlineData("vault.db", "keys rotate --type gate")]
    [InlineData("audit.db", "audit verify")]
    [InlineData("audit.db", "statistics report --type bus --from 2026-11-02 --until 2026-11-03")]
    [InlineData("admin.db", "staff list")]
    public async Task A_damaged_store_file_is_named_with_what_to_do_exit_1_and_left_untouched(string file, string commandLine)
    {
        var path = Path.Combine(_cli.DataDirectory, file);
        await File.WriteAllTextAsync(path, Damaged);

        var result = await _cli.RunAsync(commandLine.Split(' '));

        Assert.True(result.Code == CliExit.Failed, result.ToString());
        Assert.StartsWith($"The store file '{path}' is damaged or is not one of Central's stores (SQLite error 26).", result.Error, StringComparison.Ordinal);
        Assert.Contains("restore the file from the latest backup", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(Damaged, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Audit_verify_without_an_audit_store_says_to_pass_the_data_directory()
    {
        var result = await _cli.RunAsync("audit", "verify");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("No audit store at", result.Error, StringComparison.Ordinal);
        Assert.Contains("pass --data with Central:DataDirectory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_verify_of_a_fresh_store_is_intact_and_reports_what_it_checks()
    {
        await (await _cli.ServicesAsync()).DisposeAsync();

        var result = await _cli.RunAsync("audit", "verify");

        Assert.True(result.Code == CliExit.Ok, result.ToString());
        Assert.Contains("Checking 0 audit entries...", result.Error, StringComparison.Ordinal);
        Assert.Contains("Audit log intact", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_command_with_a_damaged_key_file_says_what_is_wrong_with_it()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.DataDirectory, "keys.json"), "{ not json");

        var result = await _cli.RunAsync("keys", "rotate", "--type", "gate");

        Assert.Equal(CliExit.Failed, result.Code);
        Assert.Contains("keys.json' is not valid JSON.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
