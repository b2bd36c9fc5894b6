using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.StartupProvisioning;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Admin.Readers;

/// <summary>
/// The operator's view of the readers (health as last reported), registration of a new reader with its agent
/// settings handed out once, and revocation, each with a stated reason on the audit chain.
/// </summary>
public sealed class ReaderAdministration(ReaderRegistry registry, AuditLog audit, IOptions<ProvisioningOptions> provisioning)
{
    public const string RevokeRequested = "reader.revoke-requested";

    public const string RegisterRequested = "reader.register-requested";

    public Task<IReadOnlyList<ReaderRegistration>> ListAsync(CancellationToken cancellationToken = default) =>
        registry.ListAsync(cancellationToken);

    /// <summary>
    /// Checks everything first, records who asked, why and where, then registers; returns the agent's settings with
    /// the reader's secret, which exists nowhere else from here on. Any refusal happens before anything is written.
    /// </summary>
    public async Task<JsonObject> RegisterAsync(string actor, string readerId, string type, string place, string reason, CancellationToken cancellationToken = default)
    {
        readerId = readerId.Trim();
        place = place.Trim();
        if (!Identifier.IsValid(readerId))
        {
            throw new ReaderRegistrationException("A reader id is 1-64 of a-z, 0-9 and '-', starting with a letter or digit.");
        }
        if (!ReaderTypes.TryParse(type, out var readerType))
        {
            throw new ReaderRegistrationException("Choose the reader's type: gate, bus or library.");
        }
        if (!AgentSettings.IsPlace(place, readerType))
        {
            throw new ReaderRegistrationException($"A {readerType.Name()} reader's place is {AgentSettings.PlaceShape(readerType)}, each name 1-64 of a-z, 0-9 and '-'.");
        }
        // Leaves room for the type and place the registration's audit entry puts before the reason.
        var why = CheckedReason(reason, "registered", AuditLog.MaxReasonLength - 200);
        // The registry refuses these too, but only after the request would be on the audit log.
        if (MqttClientIds.IsReserved(readerId))
        {
            throw new ReaderRegistrationException(MqttClientIds.ReservedRule);
        }
        if ((await registry.ListAsync(cancellationToken)).Any(r => r.Id == readerId))
        {
            throw new ReaderRegistrationException($"A reader '{readerId}' is already registered; reader ids are never reused.");
        }
        await audit.RecordAsync(actor, RegisterRequested, readerId, $"{readerType.Name()} reader at {place}: {why}", cancellationToken);
        var secret = await registry.RegisterAsync(readerId, readerType, place, cancellationToken);
        return AgentSettings.Build(readerId, readerType, secret, place, provisioning.Value, AgentSettings.DefaultKeyFile);
    }

    /// <summary>Records who asked and why, then revokes; the registry's own audit entry records the revocation itself.</summary>
    public async Task RevokeAsync(string actor, string readerId, string reason, CancellationToken cancellationToken = default)
    {
        var why = CheckedReason(reason, "revoked", AuditLog.MaxReasonLength);
        var known = (await registry.ListAsync(cancellationToken)).Any(r => r.Id == readerId);
        if (!known)
        {
            throw new ReaderRegistrationException("No reader with this id is registered.");
        }
        await audit.RecordAsync(actor, RevokeRequested, readerId, why, cancellationToken);
        await registry.RevokeAsync(readerId, cancellationToken);
    }

    private static string CheckedReason(string reason, string what, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5)
        {
            throw new ReaderRegistrationException($"State why this reader is {what} (at least 5 characters); it goes on the audit log.");
        }
        if (reason.Length > maxLength)
        {
            throw new ReaderRegistrationException($"The reason is at most {maxLength} characters.");
        }
        return reason.Trim();
    }
}
