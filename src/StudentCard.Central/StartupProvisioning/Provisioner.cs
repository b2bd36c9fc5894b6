using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Keys;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Stores;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.StartupProvisioning;

/// <summary>
/// At start, registers the configured readers that are not registered yet, writing each one's
/// agent settings (with its one-time secret) and reader key file, owner-only, for its agent; and
/// enrolls the synthetic roster into an empty store.
/// </summary>
public sealed class Provisioner(
    IOptions<ProvisioningOptions> options,
    ReaderRegistry registry,
    EnrollmentService enrollment,
    Rights.RuleService rules,
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
                await SyntheticEnrollment.EnrollAsync(roster, keys.Site, time.GetUtcNow(), enrollment, rules, cancellationToken);
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
            var (id, type, place) = Parse(entry);
            if (registered.Contains(id))
            {
                continue;
            }
            var secret = await registry.RegisterAsync(id, type, place, cancellationToken);
            var directory = Path.Combine(output, id);
            Directory.CreateDirectory(directory);
            var keyFile = Path.Combine(directory, "keys.json");
            KeyFile.Write(keyFile, keys.ForReader(type));
            AgentSettings.WriteOwnerOnly(Path.Combine(directory, "edge.json"), AgentSettings.Build(id, type, secret, place, settings, keyFile));
            logger.LogInformation("Provisioned {ReaderType} reader {ReaderId}: agent settings in {Directory}", type.Name(), id, directory);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>"id:type" or "id:type:place", the place being "site/zone" for a gate, the route for a bus, the site for a library.</summary>
    private static (string Id, ReaderType Type, string? Place) Parse(string entry)
    {
        var parts = entry.Split(':', 3, StringSplitOptions.TrimEntries);
        if (parts.Length < 2 || !Identifier.IsValid(parts[0]) || !ReaderTypes.TryParse(parts[1], out var type)
            || (parts.Length == 3 && !AgentSettings.IsPlace(parts[2], type)))
        {
            throw new OptionsValidationException(ProvisioningOptions.Section, typeof(ProvisioningOptions),
                [$"Provisioning:Readers entry '{entry}' is not 'id:type[:place]' with a reader id, gate, bus or library, and a place (gate: site/zone, bus: route, library: site)."]);
        }
        return (parts[0], type, parts.Length == 3 ? parts[2] : null);
    }
}
