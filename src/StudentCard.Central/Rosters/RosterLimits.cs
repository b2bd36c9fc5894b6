using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace StudentCard.Central.Rosters;

/// <summary>
/// The "Rosters" configuration section: how large a roster may be, and what becomes of the pupils who leave it. The
/// size defaults leave room for a large district's OneRoster export (a few hundred thousand users and their
/// enrollments) and refuse anything past them while it is being read, before it is held: a zip bomb, a zip of
/// thousands of entries, a field or line megabytes long.
/// </summary>
public sealed class RosterLimits
{
    public const string Section = "Rosters";

    private const long Megabyte = 1024 * 1024;

    /// <summary>The largest upload the roster page accepts (the request body and the file in it).</summary>
    [Range(1, 1024 * Megabyte)]
    public long MaxUploadBytes { get; set; } = 20 * Megabyte;

    /// <summary>Entries a .zip may hold; a OneRoster export has about fifteen files.</summary>
    [Range(1, 100_000)]
    public int MaxZipEntries { get; set; } = 64;

    /// <summary>Bytes one roster file may hold uncompressed, counted as it is read (a zip's own declared size is not trusted).</summary>
    [Range(1, 64L * 1024 * Megabyte)]
    public long MaxFileBytes { get; set; } = 100 * Megabyte;

    /// <summary>Bytes the roster files read (users, orgs, classes, enrollments) may hold together uncompressed.</summary>
    [Range(1, 64L * 1024 * Megabyte)]
    public long MaxTotalBytes { get; set; } = 200 * Megabyte;

    /// <summary>
    /// How many times its compressed size a zipped roster file may expand to; CSV compresses about ten times, a zip bomb
    /// a thousand. Checked once a file has given more than a megabyte, since a small file says nothing.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxCompressionRatio { get; set; } = 50;

    /// <summary>Rows one roster file may hold, its header included.</summary>
    [Range(1, 100_000_000)]
    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>Characters one field may hold; the longest field the import keeps is 100 characters.</summary>
    [Range(1, 10_000_000)]
    public int MaxFieldLength { get; set; } = 4_096;

    /// <summary>Characters one CSV record may hold (all its fields and separators, line breaks inside quotes included).</summary>
    [Range(1, 10_000_000)]
    public int MaxLineLength { get; set; } = 16_384;

    /// <summary>
    /// Days a pupil who left the roster keeps their issued cards (without rights) before they are revoked, so a pupil
    /// left out by mistake and brought back by the next import does not need a new card.
    /// </summary>
    [Range(0, 365)]
    public int LeaverGraceDays { get; set; } = 14;

    /// <summary>
    /// The share of a school's active pupils, in percent, that one full export may deactivate without the operator
    /// confirming it: a wrong or truncated file must not empty a school.
    /// </summary>
    [Range(1, 100)]
    public int MaxLeavingPercent { get; set; } = 20;

    public TimeSpan LeaverGrace => TimeSpan.FromDays(LeaverGraceDays);

    /// <summary>Bytes a compressed file must give before its compression ratio is checked.</summary>
    public const long RatioCheckedFrom = Megabyte;

    /// <summary>A size for a message: whole megabytes when it is one, else bytes.</summary>
    public static string Size(long bytes) =>
        bytes % Megabyte == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / Megabyte} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
