using System.Security.Cryptography;

namespace StudentCard.Core.Messaging;

/// <summary>Why a signed command was refused; <see cref="None"/> when it was not.</summary>
public enum CommandRefusal
{
    None,
    Unsigned,
    UnknownKey,
    BadSignature,
    WrongTopic,
    FromTheFuture,
}

/// <summary>
/// Central's public command key as a reader holds it: opens a <see cref="SignedCommand"/> only when its signature is
/// Central's, it was signed for the topic it arrived on, and its issue time is not ahead of the reader's clock by more
/// than <see cref="CommandSignature.MaxClockSkew"/>. Age alone never refuses: a reader offline for a week must still
/// accept the current retained command.
/// </summary>
public sealed class CommandVerifyingKey : IDisposable
{
    private readonly ECDsa _key;
    private readonly Lock _gate = new();

    private CommandVerifyingKey(ECDsa key, byte[] subjectPublicKeyInfo)
    {
        _key = key;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        Id = CommandSignature.KeyIdOf(subjectPublicKeyInfo);
    }

    public string Id { get; }

    public byte[] SubjectPublicKeyInfo { get; }

    /// <summary>Reads a DER SubjectPublicKeyInfo; anything but a P-256 public key gives a <see cref="CryptographicException"/>.</summary>
    public static CommandVerifyingKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new CryptographicException("The command key is not a P-256 public key.");
            }
            return new CommandVerifyingKey(key, key.ExportSubjectPublicKeyInfo());
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Checks an envelope received on <paramref name="topic"/> at <paramref name="now"/>; the command is set only when nothing is refused.</summary>
    public CommandRefusal Open(string topic, ReadOnlySpan<byte> envelope, DateTimeOffset now, out SignedCommand? command)
    {
        command = null;
        SignedCommand signed;
        try
        {
            signed = MessageJson.Deserialize<SignedCommand>(envelope);
        }
        catch (MalformedMessageException)
        {
            return CommandRefusal.Unsigned;
        }
        if (signed.KeyId is null || signed.Topic is null || signed.Payload is null || signed.Signature is null)
        {
            return CommandRefusal.Unsigned;
        }
        if (signed.KeyId != Id)
        {
            return CommandRefusal.UnknownKey;
        }
        bool valid;
        lock (_gate)
        {
            valid = _key.VerifyData(CommandSignature.SignedBytes(signed.KeyId, signed.Topic, signed.IssuedAt, signed.Payload), signed.Signature,
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        if (!valid)
        {
            return CommandRefusal.BadSignature;
        }
        if (signed.Topic != topic)
        {
            return CommandRefusal.WrongTopic;
        }
        if (signed.IssuedAt > now + CommandSignature.MaxClockSkew)
        {
            return CommandRefusal.FromTheFuture;
        }
        command = signed;
        return CommandRefusal.None;
    }

    public void Dispose() => _key.Dispose();
}
