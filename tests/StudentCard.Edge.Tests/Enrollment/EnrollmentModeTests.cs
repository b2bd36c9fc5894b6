using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Enrollment;
using StudentCard.Edge.Link;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Taps;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Enrollment;

/// <summary>An agent in enrollment mode is a desk: reader, K_site and the desk link, and none of a purpose reader's parts.</summary>
public sealed class EnrollmentModeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-desk-mode-").FullName;
    private readonly KeyRing _central = KeyRing.Generate();

    private IHost Build(KeyRing deskKeys, string? secret = "desk-secret")
    {
        var keyFile = Path.Combine(_directory, "keys.json");
        ProvisionedKeyFile.Write(keyFile, deskKeys);
        return EdgeAgentApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Mode"] = "Enrollment",
            ["Desk:DeskId"] = "desk-1",
            ["Desk:DeskSecret"] = secret,
            ["Desk:CentralUrl"] = "http://127.0.0.1:1",
            ["Desk:KeyFile"] = keyFile,
            ["Reader:Transport"] = "serial",
            ["Reader:PortName"] = Path.Combine(_directory, "no-such-port"),
        }));
    }

    [Fact]
    public void The_desk_registers_no_allow_list_outbox_mqtt_link_or_purpose_keys()
    {
        using var host = Build(new KeyRing(_central.Site, []));
        var services = host.Services;

        Assert.Null(services.GetService<LocalAllowList>());
        Assert.Null(services.GetService<PassageOutbox>());
        Assert.Null(services.GetService<AgentKeys>());
        Assert.Null(services.GetService<CentralClient>());
        Assert.Null(services.GetService<AllowListSync>());
        Assert.Equal([typeof(DeskTapProcessor)], services.GetServices<IHostedService>().Select(s => s.GetType()).Where(t => t.Namespace!.StartsWith("StudentCard", StringComparison.Ordinal)));
        Assert.Empty(Directory.GetFiles(_directory, "*.db", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_reader_key_file_stops_the_desk_at_start()
    {
        using var host = Build(_central.ForReader(ReaderType.Bus));

        var error = await Assert.ThrowsAsync<KeyFileException>(() => host.StartAsync());

        Assert.Contains("a desk's key file holds K_site only", error.Message);
    }

    [Fact]
    public async Task A_missing_desk_secret_stops_the_desk_at_start()
    {
        using var host = Build(new KeyRing(_central.Site, []), secret: null);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("DeskSecret", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
