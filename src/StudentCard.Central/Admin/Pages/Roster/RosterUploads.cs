using System.Security.Cryptography;

namespace StudentCard.Central.Admin.Pages.Roster;

/// <summary>
/// Uploaded roster files held between preview and commit, each in a temp folder named by a random id,
/// so the commit imports exactly the file that was previewed and the upload is deleted afterwards.
/// </summary>
public static class RosterUploads
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "studentcard-roster-uploads");

    /// <summary>Saves the upload as users.csv or roster.zip (by its name) and returns its id.</summary>
    public static async Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var folder = Path.Combine(Root, id);
        Directory.CreateDirectory(folder);
        var name = file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? "roster.zip" : "users.csv";
        await using var target = File.Create(Path.Combine(folder, name));
        await file.CopyToAsync(target, cancellationToken);
        return id;
    }

    /// <summary>The saved file of an upload id, or null when the id is malformed or its upload is gone.</summary>
    public static string? PathOf(string? id)
    {
        // Only our own 32-hex-digit ids name a folder, so a posted id cannot point anywhere else.
        if (id is null || id.Length != 32 || !id.All(Uri.IsHexDigit))
        {
            return null;
        }
        var folder = Path.Combine(Root, id.ToLowerInvariant());
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder).FirstOrDefault() : null;
    }

    public static void Delete(string? id)
    {
        if (PathOf(id) is { } file)
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
