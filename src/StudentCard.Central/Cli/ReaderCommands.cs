using System.CommandLine;
using System.Globalization;
using StudentCard.Central.Audit;
using StudentCard.Central.ReaderAccounts;

namespace StudentCard.Central.Cli;

/// <summary>"readers list" (read from the store) and "readers revoke ID" (through the running Central's admin API, as an operator).</summary>
public static class ReaderCommands
{
    public static Command Create(CliInput input)
    {
        var list = new StoreCommand("list", "Registered readers with type, state, last contact, backlog and allow-list version.");
        list.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var output = CliOptions.Out(parsed);
            var readers = await services.Get<ReaderRegistry>().ListAsync(cancellationToken);
            output.WriteLine("id\ttype\tstate\tlast contact\tbacklog\tallow-list version");
            foreach (var r in readers)
            {
                var state = r.RevokedAt is not null ? "revoked" : r.Online ? "online" : "offline";
                output.WriteLine(string.Join('\t', r.Id, r.Type.Name(), state,
                    r.LastSeenAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-", r.OutboxBacklog, r.AllowListVersion));
            }
            output.WriteLine($"{readers.Count} readers.");
            return CliExit.Ok;
        });

        var id = new Argument<string>("id") { Description = "The reader id." };
        var reason = CliOptions.Text("--reason", "Why, for the audit log; at least 5 characters.", AuditLog.MaxReasonLength);
        var revoke = new AdminApiCommand("revoke", "Revoke a reader through the running Central: its secret stops working for gRPC and MQTT within a second.",
            input, "an operator", "reader changes (operators do)") { id, reason };
        revoke.SetApiAction(async (parsed, central, cancellationToken) =>
        {
            var readerId = parsed.GetValue(id)!;
            await central.PostAsync<ReaderRevokeResponse>(ReaderRoutes.RevokeOf(readerId), new ReaderRevokeRequest(parsed.GetValue(reason)), cancellationToken);
            CliOptions.Out(parsed).WriteLine(
                $"Revoked reader '{readerId}'. Central refuses its gRPC calls and MQTT logins from now on, closes its open MQTT sessions within a second and, "
                + "with Mosquitto, rewrites its password and ACL files and makes it reload them.");
            return CliExit.Ok;
        });

        var readers = new Command("readers", "Reader registrations.");
        readers.Subcommands.Add(list);
        readers.Subcommands.Add(revoke);
        return readers;
    }
}
