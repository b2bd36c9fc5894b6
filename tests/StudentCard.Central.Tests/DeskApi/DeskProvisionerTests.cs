using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Keys;
using StudentCard.Central.Tests.Support;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.DeskApi;

/// <summary>Desks listed in the settings are registered once at start, each with an owner-only settings file and a K_site-only key file.</summary>
public sealed class DeskProvisionerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string Output => Path.Combine(_directory.Path, "provisioned");

    private async Task<(DeskCheckOutcome Check, string Secret)> StartAndCheckAsync()
    {
        await using var central = await TestCentral.StartInAsync(_directory, null, "--EnrollmentDesk:Desks:0=desk-7", $"--EnrollmentDesk:OutputDirectory={Output}");
        var settings = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Output, "desk-7", "desk.json")))!;
        var secret = (string)settings["Desk"]!["DeskSecret"]!;
        Assert.Equal("Enrollment", (string?)settings["Edge"]!["Mode"]);
        Assert.Equal("desk-7", (string?)settings["Desk"]!["DeskId"]);
        return (await central.Services.GetRequiredService<DeskRegistry>().CheckAsync("desk-7", secret), secret);
    }

    [Fact]
    public async Task A_listed_desk_is_registered_with_its_settings_and_a_site_only_key_file_once()
    {
        KeyFile.Write(Path.Combine(_directory.Path, "keys.json"), KeyRing.Generate());

        var first = await StartAndCheckAsync();
        var second = await StartAndCheckAsync();

        Assert.Equal(DeskCheckOutcome.Authenticated, first.Check);
        Assert.Equal(first.Secret, second.Secret);
        var keys = KeyFile.Read(Path.Combine(Output, "desk-7", "keys.json"));
        Assert.Empty(keys.Purposes);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Output, "desk-7", "desk.json")));
        }
    }

    public void Dispose() => _directory.Dispose();
}
