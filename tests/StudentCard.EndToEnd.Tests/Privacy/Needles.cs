using System.Buffers.Binary;
using System.Text;
using StudentCard.Core.Synthetic;

namespace StudentCard.EndToEnd.Tests.Privacy;

/// <summary>What must never be found outside the vault: each UID in common encodings, each person's names and number.</summary>
public static class Needles
{
    public sealed record Needle(string What, byte[] Bytes, bool Bounded);

    public static IEnumerable<Needle> For(SyntheticStudent s)
    {
        var uid = s.CardUid;
        var upper = Convert.ToHexString(uid);
        var lower = upper.ToLowerInvariant();
        // Bare hex is matched only where no other hex digit touches it, so a pseudonym's random digits never count as a hit.
        yield return new("hex", Encoding.ASCII.GetBytes(upper), true);
        yield return new("hex", Encoding.ASCII.GetBytes(lower), true);
        foreach (var separator in new[] { ":", "-", " " })
        {
            yield return new("hex" + separator, Encoding.ASCII.GetBytes(string.Join(separator, uid.Select(b => b.ToString("X2")))), false);
            yield return new("hex" + separator, Encoding.ASCII.GetBytes(string.Join(separator, uid.Select(b => b.ToString("x2")))), false);
        }
        yield return new("base64", Encoding.ASCII.GetBytes(Convert.ToBase64String(uid)), false);
        yield return new("base64url", Encoding.ASCII.GetBytes(Convert.ToBase64String(uid).TrimEnd('=').Replace('+', '-').Replace('/', '_')), true);
        var padded = new byte[8];
        uid.CopyTo(padded, 8 - uid.Length);
        yield return new("decimal big-endian", Encoding.ASCII.GetBytes(BinaryPrimitives.ReadUInt64BigEndian(padded).ToString()), true);
        var little = new byte[8];
        uid.CopyTo(little, 0);
        yield return new("decimal little-endian", Encoding.ASCII.GetBytes(BinaryPrimitives.ReadUInt64LittleEndian(little).ToString()), true);
        if (uid.Length == 7)
        {
            // Raw 7-byte UIDs are long enough that a chance match in binary data is negligible.
            yield return new("raw bytes", uid, false);
        }
        // Full names and numbers: a name alone is a few syllables that random base64 could spell.
        yield return new("name", Encoding.UTF8.GetBytes($"{s.GivenName} {s.FamilyName}"), false);
        yield return new("guardian", Encoding.UTF8.GetBytes(s.GuardianName), false);
        yield return new("student number", Encoding.UTF8.GetBytes(s.StudentNumber), true);
    }

    /// <summary>Where the needle occurs in the haystack, ignoring bounded needles that touch more alphanumerics.</summary>
    public static bool Occurs(ReadOnlySpan<byte> haystack, Needle needle)
    {
        var offset = 0;
        while (true)
        {
            var index = haystack[offset..].IndexOf(needle.Bytes);
            if (index < 0)
            {
                return false;
            }
            var start = offset + index;
            var end = start + needle.Bytes.Length;
            if (!needle.Bounded || (!Touches(haystack, start - 1) && !Touches(haystack, end)))
            {
                return true;
            }
            offset = start + 1;
        }
    }

    private static bool Touches(ReadOnlySpan<byte> haystack, int at) =>
        at >= 0 && at < haystack.Length && char.IsAsciiLetterOrDigit((char)haystack[at]);
}
