using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace StudentCard.Central.Audit;

/// <summary>
/// The one canonical form of an entry and its chained hash: SHA-256 over the previous hash (as its
/// 64 hex characters) followed by a tag, the time in UTC ticks and the four texts, each
/// length-prefixed so no two different entries share a form. The sequence number is not hashed:
/// an entry's position is proven by the link to its predecessor, which is what lets verification
/// tell a moved entry from an edited one.
/// </summary>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Tag = "studentcard-audit-v1"u8.ToArray();

    public static string Hash(string previousHash, AuditEntry entry) =>
        Hash(previousHash, entry.At, entry.Actor, entry.Action, entry.Subject, entry.Reason);

    public static string Hash(string previousHash, DateTimeOffset at, string actor, string action, string subject, string reason)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(previousHash));
        hash.AppendData(Tag);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, at.UtcTicks);
        hash.AppendData(number);
        var length = number[..4];
        foreach (var text in new[] { actor, action, subject, reason })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
