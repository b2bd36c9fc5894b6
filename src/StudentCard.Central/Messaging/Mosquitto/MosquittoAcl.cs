using System.Text;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging.Mosquitto;

/// <summary>
/// Mosquitto's ACL file with the same rules as the embedded broker (BrokerAccessControl): a reader
/// writes its own passages and status, reads its own acks and its purpose's allow-list and
/// commands (gate readers: and every site's safety mode, and the relay of the zone they are registered at); Central's service user reads and writes the whole tree.
/// </summary>
public static class MosquittoAcl
{
    public static string Render(string serviceUser, IEnumerable<RegisteredReader> readers)
    {
        var acl = new StringBuilder();
        acl.Append("# Written by StudentCard Central from its reader registry; changes here are overwritten.\n");
        acl.Append("# Anonymous clients get nothing (no lines before the first 'user').\n\n");
        acl.Append($"user {serviceUser}\n");
        acl.Append($"topic readwrite {MqttTopics.Root}/#\n");
        foreach (var reader in readers.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            acl.Append('\n');
            acl.Append($"user {reader.Id}\n");
            acl.Append($"topic write {MqttTopics.Passages(reader.Type, reader.Id)}\n");
            acl.Append($"topic write {MqttTopics.Status(reader.Type, reader.Id)}\n");
            acl.Append($"topic read {MqttTopics.Acks(reader.Type, reader.Id)}\n");
            acl.Append($"topic read {MqttTopics.AllowList(reader.Type)}\n");
            acl.Append($"topic read {MqttTopics.Commands(reader.Type)}\n");
            if (reader.Type == ReaderType.Gate)
            {
                acl.Append($"topic read {MqttTopics.AllSiteModes}\n");
            }
            if (reader.ZoneRelay is { } relay)
            {
                acl.Append($"topic read {relay}\n");
            }
        }
        return acl.ToString();
    }
}
