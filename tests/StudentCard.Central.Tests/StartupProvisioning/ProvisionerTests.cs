using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Tests.StartupProvisioning;

/// <summary>The docker-compose start from nothing: readers registered once, each agent's settings and key file written owner-only.</summary>
public sealed class ProvisionerTests
{
    [Fact]
    public async Task Readers_are_provisioned_once_with_owner_only_settings_and_a_purpose_only_key_file()
    {
        using var directory = new TempDirectory();
        KeyFile.Write(Path.Combine(directory.Path, "keys.json"), KeyRing.Generate());
        var output = Path.Combine(directory.Path, "readers");
        string[] args =
        [
            $"--Provisioning:OutputDirectory={output}",
            "--Provisioning:Readers:0=gate-1:gate:north/main",
            "--Provisioning:Readers:1=bus-1:bus",
            "--Provisioning:SyntheticStudents=12",
            // The synthetic roster's rules name the site north and the routes r1 and r2.
            "--Access:Sites:0:Name=north",
            "--Access:Routes:0:Name=r1",
            "--Access:Routes:1:Name=r2",
            "--Provisioning:AgentCentralUrl=http://central:5080",
        ];

        string firstSettings;
        await using (var central = await TestCentral.StartInAsync(directory, null, args))
        {
            var bus = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "bus-1", "edge.json")))!["Edge"]!;
            Assert.Equal(("bus-1", "bus", "None", "http://central:5080"), ((string?)bus["ReaderId"], (string?)bus["ReaderType"], (string?)bus["Direction"], (string?)bus["CentralUrl"]));
            Assert.NotNull(await central.Services.GetRequiredService<ReaderRegistry>().AuthenticateAsync("bus-1", (string)bus["ReaderSecret"]!));
            Assert.Equal([ReaderType.Bus], KeyFile.Read((string)bus["KeyFile"]!).Purposes);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "bus-1", "edge.json")));
            }
            await using var db = await central.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            Assert.True(await db.Entitlements.AnyAsync(e => e.Purpose == ReaderType.Gate));
            firstSettings = await File.ReadAllTextAsync(Path.Combine(output, "gate-1", "edge.json"));
            var gate = JsonNode.Parse(firstSettings)!["Edge"]!;
            Assert.Equal(("north", "main", "In", null), ((string?)gate["Site"], (string?)gate["Zone"], (string?)gate["Direction"], (string?)gate["Route"]));
            // Central knows the reader's place from its registration, not from what the agent says: its topics follow it.
            var registered = await central.Services.GetRequiredService<ReaderRegistry>().AuthenticateAsync("gate-1", (string)gate["ReaderSecret"]!);
            Assert.Equal(("north/main", MqttTopics.ZonePassages("north", "main")), (registered!.Place, registered.ZoneRelay));
        }

        await using (var central = await TestCentral.StartInAsync(directory, null, args))
        {
            // A restart keeps the registrations and the secrets the agents already hold.
            Assert.Equal(firstSettings, await File.ReadAllTextAsync(Path.Combine(output, "gate-1", "edge.json")));
            Assert.Equal(2, (await central.Services.GetRequiredService<ReaderRegistry>().ListAsync()).Count);
        }
    }

    [Theory]
    [InlineData("gate-1:gate:north")]
    [InlineData("bus-1:bus:north/main")]
    [InlineData("gate-1:gate:North/Main")]
    [InlineData("gate-1:door")]
    public async Task A_malformed_reader_entry_stops_the_start_and_says_the_expected_form(string entry)
    {
        using var directory = new TempDirectory();
        string[] args = [$"--Provisioning:OutputDirectory={directory.Path}/readers", $"--Provisioning:Readers:0={entry}"];

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestCentral.StartInAsync(directory, null, args));
        Assert.Contains("id:type[:place]", error.ToString());
    }
}
