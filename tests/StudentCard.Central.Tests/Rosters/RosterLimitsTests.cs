using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using StudentCard.Central.Rosters;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Rosters;

/// <summary>
/// Rosters made to exhaust the import: each is refused while it is read, with a message naming the file and the limit,
/// nothing is written, and the memory the import used stays a small fraction of what the roster would inflate to.
/// </summary>
[Collection(MemoryMeasured.Name)]
public sealed class RosterLimitsTests : IAsyncLifetime
{
    private const long Megabyte = 1024 * 1024;

    private RosterHost _host = null!;

    public async Task InitializeAsync() => _host = await RosterHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string PathOf(string name) => Path.Combine(_host.DirectoryPath, name);

    private async Task<int> StudentsAsync()
    {
        await using var vault = _host.Vault();
        return await vault.Students.CountAsync();
    }

    private async Task<(RosterFileException Refusal, MemoryGrowth Memory)> RefusedAsync(string path, RosterLimits? limits = null)
    {
        var memory = MemoryGrowth.Start();
        var refusal = await Assert.ThrowsAsync<RosterFileException>(() => _host.Import.CommitAsync(RosterSource.FromPath(path, limits ?? new RosterLimits())));
        Assert.Equal(0, await StudentsAsync());
        return (refusal, memory);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_by_the_size_it_declares_before_a_byte_is_inflated()
    {
        var bomb = RosterBombs.BombAt(PathOf("bomb.zip"));
        Assert.True(new FileInfo(bomb).Length < 4 * Megabyte, $"The bomb is {new FileInfo(bomb).Length} bytes.");

        var (refusal, memory) = await RefusedAsync(bomb);

        Assert.Equal("The roster file users.csv is larger than 100 MB uncompressed; nothing was imported.", refusal.Message);
        Assert.True(memory.Allocated < 16 * Megabyte, memory.ToString());
        Assert.True(memory.Retained < 8 * Megabyte, memory.ToString());
    }

    [Fact]
    public async Task A_zip_bomb_within_the_size_limit_is_refused_by_its_compression_ratio_after_a_few_megabytes()
    {
        var bomb = RosterBombs.Zip(PathOf("bomb.zip"), bytes: 96 * Megabyte, rows: true);

        var (refusal, memory) = await RefusedAsync(bomb);

        Assert.Equal("The roster file users.csv expands to more than 50 times its compressed size, as no roster does (a zip bomb); nothing was imported.", refusal.Message);
        // Read whole as text and rows, the 96 MB would allocate about a gigabyte; the ratio stops the reading at 50 times the compressed size.
        Assert.True(memory.Allocated < 256 * Megabyte, memory.ToString());
        Assert.True(memory.Retained < 16 * Megabyte, memory.ToString());
    }

    [Fact]
    public async Task A_zip_entry_declaring_less_than_it_holds_gives_no_more_than_it_declares()
    {
        var forged = RosterBombs.Zip(PathOf("forged.zip"), bytes: 64 * Megabyte, rows: true);
        RosterBombs.DeclareSize(forged, 1024);
        var memory = MemoryGrowth.Start();

        var result = await _host.Import.PreviewAsync(RosterSource.FromPath(forged, new RosterLimits()));

        // The header and a few of the 600,000 rows fit in 1 KB: a lie about the size can only make a file smaller.
        Assert.InRange(result.Errors.Count + result.New, 1, 9);
        Assert.True(memory.Allocated < 16 * Megabyte, memory.ToString());
    }

    [Fact]
    public async Task A_file_and_the_files_together_are_counted_as_they_are_read_against_their_uncompressed_limits()
    {
        var limits = new RosterLimits { MaxCompressionRatio = 100_000, MaxFileBytes = 8 * Megabyte, MaxTotalBytes = 12 * Megabyte };
        var (large, memory) = await RefusedAsync(RosterBombs.Zip(PathOf("large.zip"), bytes: 64 * Megabyte, rows: true), limits);
        Assert.Equal("The roster file users.csv is larger than 8 MB uncompressed; nothing was imported.", large.Message);
        Assert.True(memory.Allocated < 128 * Megabyte, memory.ToString());

        var directory = Directory.CreateDirectory(PathOf("together")).FullName;
        RosterBombs.Zip(PathOf("part.zip"), bytes: 7 * Megabyte, rows: true);
        ZipFile.ExtractToDirectory(PathOf("part.zip"), directory);
        File.Copy(Path.Combine(directory, "users.csv"), Path.Combine(directory, "orgs.csv"));
        var (together, _) = await RefusedAsync(directory, limits);
        Assert.Equal("The roster files are larger than 12 MB uncompressed together; nothing was imported.", together.Message);
    }

    [Fact]
    public async Task A_field_of_ten_megabytes_without_a_line_break_is_refused_naming_the_file_and_line()
    {
        var path = RosterBombs.OversizedField(PathOf("users.csv"), characters: 10 * 1024 * 1024);

        var (refusal, memory) = await RefusedAsync(path);

        Assert.Equal("The roster file users.csv has a field longer than 4,096 characters on line 2; nothing was imported.", refusal.Message);
        // The field alone would be 20 MB as text.
        Assert.True(memory.Allocated < 8 * Megabyte, memory.ToString());
    }

    [Fact]
    public async Task A_line_of_many_short_fields_and_a_file_of_too_many_rows_are_refused()
    {
        var wide = PathOf("wide.csv");
        await File.WriteAllTextAsync(wide, RosterBombs.UsersHeader + "\r\n" + string.Concat(Enumerable.Repeat("a,", 20_000)) + "\r\n");
        var (line, _) = await RefusedAsync(wide);
        Assert.Equal("The roster file users.csv has a line longer than 16,384 characters on line 2; nothing was imported.", line.Message);

        var many = PathOf("many.csv");
        await File.WriteAllTextAsync(many, SyntheticOneRoster.Csv(SyntheticOneRoster.UserColumns, SyntheticOneRoster.Generate(20).Users));
        var (rows, _) = await RefusedAsync(many, new RosterLimits { MaxRows = 10 });
        Assert.Equal("The roster file users.csv has more than 10 rows; nothing was imported.", rows.Message);
    }

    [Fact]
    public async Task A_zip_of_thousands_of_entries_or_with_users_csv_twice_is_refused_before_any_entry_is_read()
    {
        var (many, memory) = await RefusedAsync(RosterBombs.ManyEntries(PathOf("many.zip"), 60_000));
        Assert.Equal($"'{PathOf("many.zip")}' holds 60004 entries, more than the 64 a OneRoster export needs; nothing was imported.", many.Message);
        // Its central directory alone, read into an object per entry, would allocate tens of megabytes.
        Assert.True(memory.Allocated < 4 * Megabyte, memory.ToString());

        var twice = PathOf("twice.zip");
        using (var archive = ZipFile.Open(twice, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "users.csv", "Users.csv" })
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(SyntheticOneRoster.Generate(2).Files()["users.csv"]);
            }
        }
        var (duplicate, _) = await RefusedAsync(twice);
        Assert.Equal($"'{twice}' holds users.csv twice; export the OneRoster bundle again. Nothing was imported.", duplicate.Message);
    }

    [Fact]
    public async Task A_nested_zip_and_files_in_folders_are_skipped_without_being_decompressed()
    {
        var roster = SyntheticOneRoster.Generate(3);
        var path = PathOf("nested.zip");
        using (var archive = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, text) in roster.Files())
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
            // A zip inside the zip, and a users.csv in a folder: a bomb each, never opened.
            await using (var nested = archive.CreateEntry("export.zip", CompressionLevel.NoCompression).Open())
            {
                await nested.WriteAsync(RosterBombs.BombZip);
            }
            RosterBombs.Entry(archive, "export/users.csv", 256 * Megabyte);
        }
        var memory = MemoryGrowth.Start();

        var result = await _host.Import.CommitAsync(RosterSource.FromPath(path, new RosterLimits()));

        Assert.Equal((3, 0), (result.New, result.Errors.Count));
        Assert.True(memory.Allocated < 64 * Megabyte, memory.ToString());
    }
}
