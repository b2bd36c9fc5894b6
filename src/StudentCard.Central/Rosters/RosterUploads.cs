using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Uploaded roster files held between preview and commit, in memory under a random id, so the commit imports exactly
/// the file that was previewed. They are never written to disk: an upload still carries the columns the import drops
/// (email, phone, demographics), and it goes when its job is done or forgotten.
/// </summary>
public static class RosterUploads
{
    private static readonly ConcurrentDictionary<string, (byte[] Content, bool Zip)> Held = new(StringComparer.Ordinal);

    /// <summary>Keeps the upload (a .zip bundle by its name, else one users CSV) and returns its id.</summary>
    public static async Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var content = new MemoryStream((int)file.Length);
        await file.CopyToAsync(content, cancellationToken);
        Held[id] = (content.ToArray(), file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase));
        return id;
    }

    /// <summary>Whether the upload of this id is still held.</summary>
    public static bool Holds(string? id) => id is not null && Held.ContainsKey(id);

    /// <summary>The roster in the upload of this id, or null when its upload is gone.</summary>
    public static RosterSource? SourceOf(string? id) =>
        id is not null && Held.TryGetValue(id, out var upload) ? RosterSource.FromUpload(upload.Content, upload.Zip) : null;

    public static void Delete(string? id)
    {
        if (id is not null)
        {
            Held.TryRemove(id, out _);
        }
    }
}
