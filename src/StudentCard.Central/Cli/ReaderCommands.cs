using System.CommandLine;
using System.Globalization;
using StudentCard.Central.ReaderAccounts;

namespace StudentCard.Central.Cli;

/// <summary>"readers list" and "readers revoke ID".</summary>
public static class ReaderCommands
{
    public static Command Create()
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
        var revoke = new StoreCommand("revoke", "Revoke a reader in the store: its secret stops working for gRPC and MQTT.") { id };
        revoke.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var readerId = parsed.GetValue(id)!;
            await services.Get<ReaderRegistry>().RevokeAsync(readerId, cancellationToken);
            // Nothing is sent to Central: every running Central watches the store for revocations.
            CliOptions.Out(parsed).WriteLine(
                $"Revoked reader '{readerId}' in the store. A running Central finds it within a second: from then on it refuses the "
                + "reader's gRPC calls and MQTT logins, closes its open MQTT sessions and, with Mosquitto, rewrites its password and "
                + "ACL files and makes it reload them. A stopped Central does all this when it starts.");
            return CliExit.Ok;
        });

        var readers = new Command("readers", "Reader registrations.");
        readers.Subcommands.Add(list);
        readers.Subcommands.Add(revoke);
        return readers;
    }
}
