using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StudentCard.Central.Hosting;
using StudentCard.Core;

namespace StudentCard.Central.Rosters;

/// <summary>
/// Uploaded roster files held between preview and commit under a random id, so the commit imports exactly the file that
/// was previewed. Each is a file in the data folder's roster-uploads/, owner-only since an upload still carries the
/// columns the import drops (email, phone, demographics), and read from there as a stream, never held in memory. It is
/// deleted when its job is done or forgotten, or when Central stops; files a stopped Central left behind go at its start.
/// </summary>
public sealed class RosterUploads : IDisposable
{
    public const string FolderName = "roster-uploads";

    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    private readonly RosterLimits _limits;

    public RosterUploads(IOptions<CentralOptions> central, IOptions<RosterLimits> limits)
    {
        Folder = Path.Combine(central.Value.DataDirectory, FolderName);
        _limits = limits.Value;
        if (Directory.Exists(Folder))
        {
            foreach (var left in Directory.EnumerateFiles(Folder))
            {
                File.Delete(left);
            }
        }
    }

    /// <summary>Where the uploads are kept.</summary>
    public string Folder { get; }

    /// <summary>Keeps the upload (a .zip bundle by its name, else one users CSV) and returns its id.</summary>
    public Task<string> SaveAsync(IFormFile file, CancellationToken cancellationToken) =>
        SaveAsync(file.CopyToAsync, file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase), cancellationToken);

    /// <summary>Keeps a roster sent as the request body itself (a .zip bundle, or one users CSV) and returns its id.</summary>
    public Task<string> SaveAsync(Stream body, bool zip, CancellationToken cancellationToken) =>
        SaveAsync((target, ct) => body.CopyToAsync(target, ct), zip, cancellationToken);

    private async Task<string> SaveAsync(Func<Stream, CancellationToken, Task> copy, bool zip, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathOf(id, zip);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
        }
        else
        {
            Directory.CreateDirectory(Folder, OwnerOnlyModes.Folder);
            File.SetUnixFileMode(Folder, OwnerOnlyModes.Folder);
            options.UnixCreateMode = OwnerOnlyModes.File;
        }
        try
        {
            await using var target = new FileStream(path, options);
            await copy(target, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        _held[id] = zip;
        return id;
    }

    /// <summary>Whether the upload of this id is still held.</summary>
    public bool Holds(string? id) => id is not null && _held.ContainsKey(id);

    /// <summary>The roster in the upload of this id, read within the roster limits, or null when its upload is gone.</summary>
    public RosterSource? SourceOf(string? id) =>
        id is not null && _held.TryGetValue(id, out var zip) ? RosterSource.FromUpload(PathOf(id, zip), zip, _limits) : null;

    public void Delete(string? id)
    {
        if (id is not null && _held.TryRemove(id, out var zip))
        {
            File.Delete(PathOf(id, zip));
        }
    }

    public void Dispose()
    {
        foreach (var id in _held.Keys)
        {
            Delete(id);
        }
    }

    private string PathOf(string id, bool zip) => Path.Combine(Folder, id + (zip ? ".zip" : ".csv"));
}
