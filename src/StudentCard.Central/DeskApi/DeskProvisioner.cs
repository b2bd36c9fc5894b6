using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StudentCard.Central.Keys;
using StudentCard.Core;
using StudentCard.Core.Keys;

namespace StudentCard.Central.DeskApi;

/// <summary>
/// At start, registers the configured desks that are not registered yet and writes, owner-only, each
/// one's agent settings (enrollment mode, with its one-time secret) and its key file holding K_site
/// only: a desk turns UIDs into card tokens and must never hold a purpose key.
/// </summary>
public sealed class DeskProvisioner(
    IOptions<EnrollmentDeskOptions> options,
    DeskRegistry registry,
    KeyRing keys,
    ILogger<DeskProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var deskId in settings.Desks)
        {
            if (await registry.ExistsAsync(deskId, cancellationToken))
            {
                continue;
            }
            var secret = await registry.RegisterAsync(deskId, cancellationToken);
            var directory = Path.Combine(settings.OutputDirectory, deskId);
            Directory.CreateDirectory(directory);
            var keyFile = Path.Combine(directory, "keys.json");
            KeyFile.Write(keyFile, new KeyRing(keys.Site, []));
            WriteOwnerOnly(Path.Combine(directory, "desk.json"), new JsonObject
            {
                ["Edge"] = new JsonObject { ["Mode"] = "Enrollment" },
                ["Desk"] = new JsonObject
                {
                    ["DeskId"] = deskId,
                    ["DeskSecret"] = secret,
                    ["CentralUrl"] = settings.DeskCentralUrl,
                    ["KeyFile"] = keyFile,
                },
            });
            logger.LogInformation("Provisioned enrollment desk {DeskId}: agent settings in {Directory}", deskId, directory);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static void WriteOwnerOnly(string path, JsonNode content)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnlyModes.File;
        }
        using var stream = new FileStream(path, fileOptions);
        JsonSerializer.Serialize(stream, content, new JsonSerializerOptions { WriteIndented = true });
    }
}
