using System.Security.Cryptography;

namespace StudentCard.Core.Cards;

/// <summary>An AES-128 card key or diversification master. Its bytes never reach a log, a message or an exception.</summary>
public sealed class CardKey
{
    public const int SizeInBytes = 16;

    private readonly byte[] _material;

    public CardKey(ReadOnlySpan<byte> material)
    {
        if (material.Length != SizeInBytes)
        {
            throw new ArgumentException($"An AES-128 card key is {SizeInBytes} bytes long.", nameof(material));
        }

        _material = material.ToArray();
    }

    /// <summary>The factory AES key of a new DESFire application: all zeros.</summary>
    public static CardKey FactoryDefault => new(new byte[SizeInBytes]);

    public static CardKey Generate() => new(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <summary>The key bytes, for the cipher that uses them; the caller must not keep or print them.</summary>
    public ReadOnlySpan<byte> Material => _material;

    public bool SameAs(CardKey? other) =>
        other is not null && CryptographicOperations.FixedTimeEquals(_material, other._material);

    public override string ToString() => "CardKey(redacted)";
}
