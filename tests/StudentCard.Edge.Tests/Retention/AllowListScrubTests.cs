using StudentCard.Core;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Retention;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Tests.Reader;

namespace StudentCard.Edge.Tests.Retention;

/// <summary>A replaced allow-list copy is overwritten before it is released, so a revoked pseudonym's bytes do not linger on disk.</summary>
public sealed class AllowListScrubTests : IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-scrub-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [LinuxFact]
    public void After_a_revocation_the_old_copys_blocks_hold_zeros_and_no_file_keeps_the_revoked_pseudonym()
    {
        var file = new AllowListFile(Path.Combine(_directory, "allowlist-gate.bin"));
        var revoked = "0123456789abcdef0123456789abcdef";
        var kept = "fedcba9876543210fedcba9876543210";
        file.Write(Snapshot(1, revoked, kept), ReaderType.Gate);
        // A second name for the old copy's inode shows what happens to its blocks once the copy is replaced.
        var oldInode = Path.Combine(_directory, "old-copy-inode");
        Assert.Equal(0, Link(file.Path, oldInode));
        Assert.True(Contains(File.ReadAllBytes(oldInode), revoked));

        file.Write(Snapshot(2, kept), ReaderType.Gate);

        var oldBytes = File.ReadAllBytes(oldInode);
        Assert.NotEmpty(oldBytes);
        Assert.All(oldBytes, b => Assert.Equal(0, b));
        Assert.All(Directory.EnumerateFiles(_directory), path => Assert.False(Contains(File.ReadAllBytes(path), revoked), path));
        Assert.True(Contains(File.ReadAllBytes(file.Path), kept));
        Assert.Equal(2, file.TryRead(ReaderType.Gate)!.Version);
    }

    [Fact]
    public void Deleting_the_copy_scrubs_it_first()
    {
        var path = Path.Combine(_directory, "allowlist-bus.bin");
        var file = new AllowListFile(path);
        file.Write(Snapshot(1, "0123456789abcdef0123456789abcdef"), ReaderType.Bus);
        using (var handle = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            file.Delete();

            // The handle still sees the deleted file's content: zeros.
            var content = new byte[handle.Length];
            handle.ReadExactly(content);
            Assert.All(content, b => Assert.Equal(0, b));
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_temporary_copy_left_by_an_interrupted_write_is_scrubbed_by_the_sweeper_once_stale()
    {
        var temporary = Path.Combine(_directory, "allowlist-gate.bin.tmp");
        File.WriteAllBytes(temporary, Convert.FromHexString("0123456789abcdef0123456789abcdef"));
        File.SetLastWriteTimeUtc(temporary, DateTime.UtcNow.AddHours(-1));
        using var outbox = new StudentCard.Edge.Outbox.PassageOutbox(Path.Combine(_directory, "outbox.db"));
        var sweeper = new EdgeRetentionSweeper(
            outbox,
            Microsoft.Extensions.Options.Options.Create(new EdgeOptions { DataDirectory = _directory }),
            Microsoft.Extensions.Options.Options.Create(new EdgeRetentionOptions()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<EdgeRetentionSweeper>.Instance);

        sweeper.SweepOnce();

        Assert.False(File.Exists(temporary));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static AllowListSnapshot Snapshot(long version, params string[] pseudonyms) =>
        AllowListSnapshot.Create(version, pseudonyms.Select(p => new AllowListEntry(p, From, From.AddYears(1))), From);

    /// <summary>The pseudonym as the file stores it: the high then the low 64 bits, little-endian.</summary>
    private static bool Contains(byte[] bytes, string pseudonym)
    {
        var key = PseudonymKey.Parse(pseudonym);
        var needle = BitConverter.GetBytes((ulong)(key >> 64)).Concat(BitConverter.GetBytes((ulong)key)).ToArray();
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>A hard link: a second name for the same inode, so its blocks can be read after the first name is replaced.</summary>
    private static int Link(string existing, string newPath)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [existing, newPath]);
        ln.WaitForExit();
        return ln.ExitCode;
    }
}
