using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Hosting;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Messaging;

namespace StudentCard.Central.Messaging;

/// <summary>
/// Central's command-signing key (ECDSA P-256): made at the first start and kept owner-only beside the key file
/// (<see cref="CentralOptions.CommandSigningKeyFile"/>); the private key never leaves this process. Readers receive
/// only the public key (<see cref="PublicKey"/>, in the reader's Hello answer) and verify every command with it.
/// </summary>
public sealed class CommandSigner : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create();
    private readonly Lock _gate = new();

    public CommandSigner(IOptions<CentralOptions> options, ILogger<CommandSigner> logger)
    {
        var path = options.Value.CommandSigningKeyFile;
        if (!File.Exists(path) && TryCreate(path))
        {
            logger.LogWarning("Generated Central's command-signing key at {Path}; readers pin its public key on their next Hello", path);
        }
        if (!OperatingSystem.IsWindows())
        {
            KeyFileFormat.RequireOwnerOnly(File.GetUnixFileMode(path), path);
        }
        try
        {
            _key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException)
        {
            throw new KeyFileException($"The command-signing key file '{path}' holds no PEM private key.");
        }
        if (_key.KeySize != 256)
        {
            throw new KeyFileException($"The command-signing key in '{path}' is not a P-256 key.");
        }
        PublicKey = _key.ExportSubjectPublicKeyInfo();
        KeyId = CommandSignature.KeyIdOf(PublicKey);
        logger.LogInformation("Commands to readers are signed with key {KeyId}", KeyId);
    }

    public string KeyId { get; }

    /// <summary>The public key, DER SubjectPublicKeyInfo.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The signed envelope of a payload for one topic, issued now.</summary>
    public byte[] Sign(string topic, ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        lock (_gate)
        {
            return CommandSignature.Seal(_key, KeyId, topic, now, payload);
        }
    }

    public void Dispose() => _key.Dispose();

    /// <summary>Writes a new key to a temporary file and moves it into place unless another instance got there first.</summary>
    private static bool TryCreate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = OwnerOnlyModes.File;
        }
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        using (var stream = new FileStream(temporary, fileOptions))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
