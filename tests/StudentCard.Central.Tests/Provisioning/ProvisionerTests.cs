using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Readers;
using StudentCard.Central.Stores;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Provisioning;

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
            .. TestCentral.Arguments(directory),
            $"--Provisioning:OutputDirectory={output}",
            "--Provisioning:Readers:0=gate-1:gate",
            "--Provisioning:Readers:1=bus-1:bus",
            "--Provisioning:SyntheticStudents=12",
            "--Provisioning:AgentCentralUrl=http://central:5080",
        ];

        string firstSettings;
        await using (var app = CentralApp.Build(args))
        {
            await app.StartAsync();
            var bus = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "bus-1", "edge.json")))!["Edge"]!;
            Assert.Equal(("bus-1", "bus", "None", "http://central:5080"), ((string?)bus["ReaderId"], (string?)bus["ReaderType"], (string?)bus["Direction"], (string?)bus["CentralUrl"]));
            Assert.NotNull(await app.Services.GetRequiredService<ReaderRegistry>().AuthenticateAsync("bus-1", (string)bus["ReaderSecret"]!));
            Assert.Equal([ReaderType.Bus], KeyFile.Read((string)bus["KeyFile"]!).Purposes);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(output, "bus-1", "edge.json")));
            }
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<CentralDbContext>>().CreateDbContextAsync();
            Assert.True(await db.Entitlements.AnyAsync(e => e.Purpose == ReaderType.Gate));
            firstSettings = await File.ReadAllTextAsync(Path.Combine(output, "gate-1", "edge.json"));
            await app.StopAsync();
        }
        SqliteConnection.ClearAllPools();

        await using (var again = CentralApp.Build(args))
        {
            await again.StartAsync();
            // A restart keeps the registrations and the secrets the agents already hold.
            Assert.Equal(firstSettings, await File.ReadAllTextAsync(Path.Combine(output, "gate-1", "edge.json")));
            Assert.Equal(2, (await again.Services.GetRequiredService<ReaderRegistry>().ListAsync()).Count);
            await again.StopAsync();
        }
        SqliteConnection.ClearAllPools();
    }
}
