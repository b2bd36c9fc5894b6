using System.Security.Cryptography;

namespace StudentCard.Core.Keys;

/// <summary>One versioned HMAC key. Its bytes never leave this type except to the key file writer.</summary>
public sealed class SecretKey
{
    public const int SizeInBytes = 32;

    private readonly byte[] _material;

    public SecretKey(int version, ReadOnlySpan<byte> material)
    {
        if (version < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(version), "Key versions start at 1.");
        }
        if (material.Length != SizeInBytes)
        {
            throw new ArgumentException($"A key is {SizeInBytes} bytes long.", nameof(material));
        }
        Version = version;
        _material = material.ToArray();
    }

    public int Version { get; }

    public static SecretKey Generate(int version) => new(version, RandomNumberGenerator.GetBytes(SizeInBytes));

    public void Mac(ReadOnlySpan<byte> data, Span<byte> destination) => HMACSHA256.HashData(_material, data, destination);

    internal string ToBase64() => Convert.ToBase64String(_material);

    public override string ToString() => $"SecretKey(v{Version}, redacted)";
}
