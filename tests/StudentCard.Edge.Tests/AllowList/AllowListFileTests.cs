using StudentCard.Core;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;

namespace StudentCard.Edge.Tests.AllowList;

public sealed class AllowListFileTests : IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-allow-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private AllowListFile File_ => new(Path.Combine(_directory, "allowlist-bus.bin"));

    private static AllowListSnapshot Snapshot(int count) => AllowListSnapshot.Create(
        42,
        Enumerable.Range(0, count).Select(i => new AllowListEntry(i.ToString("x32"), From, From.AddDays(i + 1))),
        From);

    [Fact]
    public void A_snapshot_round_trips()
    {
        File_.Write(Snapshot(1000), ReaderType.Bus);

        var read = File_.TryRead(ReaderType.Bus);

        Assert.NotNull(read);
        Assert.Equal(42, read.Version);
        Assert.Equal(1000, read.Count);
        Assert.Equal(new AllowListEntry(17.ToString("x32"), From, From.AddDays(18)), read.Find(17.ToString("x32")));
        Assert.Null(read.Find(5000.ToString("x32")));
    }

    [Fact]
    public void A_copy_of_another_purpose_is_not_used()
    {
        File_.Write(Snapshot(10), ReaderType.Gate);
        Assert.Null(File_.TryRead(ReaderType.Bus));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(200)]
    [InlineData(-1)]
    public void A_damaged_copy_is_never_used(int offset)
    {
        File_.Write(Snapshot(10), ReaderType.Bus);
        var bytes = File.ReadAllBytes(File_.Path);
        var at = offset < 0 ? bytes.Length - 1 : offset;
        bytes[at] ^= 0x40;
        File.WriteAllBytes(File_.Path, bytes);

        Assert.Null(File_.TryRead(ReaderType.Bus));
    }

    [Fact]
    public void A_truncated_copy_is_never_used()
    {
        File_.Write(Snapshot(10), ReaderType.Bus);
        var bytes = File.ReadAllBytes(File_.Path);
        File.WriteAllBytes(File_.Path, bytes[..(bytes.Length / 2)]);

        Assert.Null(File_.TryRead(ReaderType.Bus));
    }

    [Fact]
    public void The_copy_holds_no_pseudonym_text_only_its_bits()
    {
        var pseudonym = "0123456789abcdef0123456789abcdef";
        var snapshot = AllowListSnapshot.Create(1, [new AllowListEntry(pseudonym, From, From.AddDays(1))], From);
        File_.Write(snapshot, ReaderType.Bus);

        Assert.NotNull(File_.TryRead(ReaderType.Bus)!.Find(pseudonym));
        Assert.DoesNotContain(pseudonym, System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(File_.Path)));
    }
}
