using StudentCard.Core.Rules;
using System.Security.Cryptography;
using StudentCard.Edge.Retention;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.AllowList;

/// <summary>
/// The allow-list copy on disk, so an agent restarted without network still decides. A binary
/// file (policy, entry profiles, then pseudonym bits, validity and profile number per card) written owner-only to a temporary file, flushed and renamed,
/// and closed by a SHA-256 over its content so a torn or corrupt copy is never used.
/// </summary>
public sealed class AllowListFile(string path)
{
    private static readonly byte[] Magic = "SCAL0002"u8.ToArray();

    public string Path { get; } = path;

    public void Write(AllowListSnapshot snapshot, Core.ReaderType purpose)
    {
        var temporary = Path + ".tmp";
        using (var stream = OwnerOnlyFiles.Create(temporary, 1 << 16))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var writer = new BinaryWriter(new HashingStream(stream, hash));
            writer.Write(Magic);
            writer.Write((byte)purpose);
            writer.Write(snapshot.Version);
            writer.Write(snapshot.FetchedAt.UtcTicks);
            writer.Write(snapshot.Count);
            writer.Write(snapshot.PolicyJson);
            writer.Write(snapshot.Profiles.Count);
            foreach (var profile in snapshot.Profiles)
            {
                writer.Write((byte)profile.Status);
                WriteOptional(writer, profile.Places);
                WriteOptional(writer, profile.Schedule);
            }
            foreach (var (key, validity) in snapshot.Raw)
            {
                writer.Write((ulong)(key >> 64));
                writer.Write((ulong)key);
                writer.Write(validity.FromTicks);
                writer.Write(validity.UntilTicks);
                writer.Write(validity.Profile);
            }
            writer.Flush();
            stream.Write(hash.GetHashAndReset());
            stream.Flush(flushToDisk: true);
        }
        // The copy being replaced may list pseudonyms revoked since: its blocks are zeroed through a handle
        // kept across the rename, rather than only unlinked, so they cannot be read back from the disk.
        using var previous = FileScrubber.OpenExisting(Path);
        File.Move(temporary, Path, overwrite: true);
        FileScrubber.Overwrite(previous);
    }

    /// <summary>The stored snapshot, or null when there is none or it is damaged or of another purpose.</summary>
    public AllowListSnapshot? TryRead(Core.ReaderType purpose)
    {
        if (!File.Exists(Path))
        {
            return null;
        }
        var bytes = File.ReadAllBytes(Path);
        const int headerLength = 8 + 1 + 8 + 8 + 4 + 1 + 4;
        const int hashLength = 32;
        if (bytes.Length < headerLength + hashLength
            || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - hashLength)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - hashLength)))
        {
            return null;
        }
        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - hashLength));
        if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != (byte)purpose)
        {
            return null;
        }
        try
        {
            var version = reader.ReadInt64();
            var fetchedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var count = reader.ReadInt32();
            var policyJson = reader.ReadString();
            var profileCount = reader.ReadInt32();
            if (count < 0 || profileCount < 1)
            {
                return null;
            }
            var profiles = new List<AllowListSnapshot.EntryProfile>(profileCount);
            for (var i = 0; i < profileCount; i++)
            {
                profiles.Add(new AllowListSnapshot.EntryProfile((CardStatus)reader.ReadByte(), ReadOptional(reader), ReadOptional(reader)));
            }
            if ((long)count * EntryLength != reader.BaseStream.Length - reader.BaseStream.Position)
            {
                return null;
            }
            var entries = new Dictionary<UInt128, AllowListSnapshot.Validity>(count);
            for (var i = 0; i < count; i++)
            {
                var key = new UInt128(reader.ReadUInt64(), reader.ReadUInt64());
                var validity = new AllowListSnapshot.Validity(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32());
                if ((uint)validity.Profile >= (uint)profileCount)
                {
                    return null;
                }
                entries[key] = validity;
            }
            return AllowListSnapshot.FromRaw(version, entries, profiles, fetchedAt, policyJson);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException)
        {
            // A hash that matches content written by another version of this format, or a policy no longer readable.
            return null;
        }
    }

    private const int EntryLength = 16 + 8 + 8 + 4;

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    public void Delete()
    {
        FileScrubber.ScrubAndDelete(Path);
        FileScrubber.ScrubAndDelete(Path + ".tmp");
    }

    /// <summary>Feeds every byte written through to the hash as well.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }
    }
}
