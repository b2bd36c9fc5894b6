using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Tests.Support;

/// <summary>A command-signing key playing Central's (or an attacker's): signs commands, and pins its public key where an agent keeps it.</summary>
internal sealed class CentralCommandKey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string Id => CommandSignature.KeyIdOf(PublicKey);

    public byte[] PublicKey => _key.ExportSubjectPublicKeyInfo();

    public byte[] Sign(string topic, byte[] payload, DateTimeOffset issuedAt) => CommandSignature.Seal(_key, Id, topic, issuedAt, payload);

    /// <summary>The verifier of an agent with this key pinned in its data directory.</summary>
    public CommandVerifier PinnedVerifier(EdgeOptions edge, TimeProvider time, ILogger<CommandVerifier>? logger = null)
    {
        Directory.CreateDirectory(edge.DataDirectory);
        File.WriteAllText(Path.Combine(edge.DataDirectory, CommandKeyPin.FileName), PemEncoding.WriteString("PUBLIC KEY", _key.ExportSubjectPublicKeyInfo()));
        return new CommandVerifier(new CommandKeyPin(Options.Create(edge), NullLogger<CommandKeyPin>.Instance), time, logger ?? NullLogger<CommandVerifier>.Instance);
    }

    public void Dispose() => _key.Dispose();
}
