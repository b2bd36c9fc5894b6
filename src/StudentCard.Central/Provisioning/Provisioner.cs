using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.Enrollment;
using StudentCard.Central.Readers;
using StudentCard.Central.Stores;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Provisioning;

/// <summary>
/// At start, registers the configured readers that are not registered yet, writing each one's
/// agent settings (with its one-time secret) and reader key file, owner-only, for its agent; and
/// enrolls the synthetic roster into an empty store.
/// </summary>
public sealed class Provisioner(
    IOptions<ProvisioningOptions> options,
    ReaderRegistry registry,
    EnrollmentService enrollment,
    KeyRing keys,
    IDbContextFactory<CentralDbContext> stores,
    TimeProvider time,
    ILogger<Provisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.SyntheticStudents > 0)
        {
            await using var db = await stores.CreateDbContextAsync(cancellationToken);
            if (!await db.Entitlements.AnyAsync(cancellationToken))
            {
                var roster = SyntheticRoster.Generate(settings.SyntheticStudents, settings.Seed);
                await enrollment.EnrollManyAsync(SyntheticEnrollment.Enrollees(roster, keys.Site, time.GetUtcNow()), cancellationToken);
            }
        }
        if (settings.Readers.Count == 0)
        {
            return;
        }
        var output = settings.OutputDirectory
            ?? throw new OptionsValidationException(ProvisioningOptions.Section, typeof(ProvisioningOptions), ["Provisioning:OutputDirectory is required when Provisioning:Readers is set."]);
        var registered = (await registry.ListAsync(cancellationToken)).Select(r => r.Id).ToHashSet();
        foreach (var entry in settings.Readers)
        {
            var (id, type) = Parse(entry);
            if (registered.Contains(id))
            {
                continue;
            }
            var secret = await registry.RegisterAsync(id, type, cancellationToken);
            var directory = Path.Combine(output, id);
            Directory.CreateDirectory(directory);
            var keyFile = Path.Combine(directory, "keys.json");
            KeyFile.Write(keyFile, keys.ForReader(type));
            WriteOwnerOnly(Path.Combine(directory, "edge.json"), new JsonObject
            {
                ["Edge"] = new JsonObject
                {
                    ["ReaderId"] = id,
                    ["ReaderType"] = type.Name(),
                    ["ReaderSecret"] = secret,
                    ["Direction"] = type == ReaderType.Gate ? "In" : "None",
                    ["CentralUrl"] = settings.AgentCentralUrl,
                    ["MqttHost"] = settings.AgentMqttHost,
                    ["MqttPort"] = settings.AgentMqttPort,
                    ["KeyFile"] = keyFile,
                },
            });
            logger.LogInformation("Provisioned {ReaderType} reader {ReaderId}: agent settings in {Directory}", type.Name(), id, directory);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static (string Id, ReaderType Type) Parse(string entry)
    {
        var parts = entry.Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !Core.Messaging.ReaderId.IsValid(parts[0]) || !ReaderTypes.TryParse(parts[1], out var type))
        {
            throw new OptionsValidationException(ProvisioningOptions.Section, typeof(ProvisioningOptions),
                [$"Provisioning:Readers entry '{entry}' is not 'id:type' with a reader id and gate, bus or library."]);
        }
        return (parts[0], type);
    }

    private static void WriteOwnerOnly(string path, JsonNode content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        JsonSerializer.Serialize(stream, content, new JsonSerializerOptions { WriteIndented = true });
    }
}
