using System.Security.Cryptography;

namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>
/// The reader side's block ciphers, written apart from the simulator: .NET's CBC for AES and TDEA, and for keys
/// .NET calls weak (the all-zero factory DES key) single DES stages built from TripleDES plus two plain DES keys.
/// </summary>
internal sealed class HostCipher
{
    private static readonly byte[] KeyP = Convert.FromHexString("0123456789ABCDEF");
    private static readonly byte[] KeyQ = Convert.FromHexString("FEDCBA9876543210");

    private readonly SymmetricAlgorithm? _algorithm;
    private readonly (TripleDES Outer, DES P, DES Q)[]? _weakStages;
    private readonly bool[]? _stageIsPlainDes;
    private readonly DES[]? _plainStages;

    private HostCipher(SymmetricAlgorithm algorithm, int block)
    {
        _algorithm = algorithm;
        Block = block;
    }

    private HostCipher(byte[][] desKeys)
    {
        Block = 8;
        _weakStages = new (TripleDES, DES, DES)[3];
        _plainStages = new DES[3];
        _stageIsPlainDes = new bool[3];
        for (var i = 0; i < 3; i++)
        {
            if (!DES.IsWeakKey(desKeys[i]) && !DES.IsSemiWeakKey(desKeys[i]))
            {
                _plainStages[i] = DES.Create();
                _plainStages[i].Key = desKeys[i];
                _stageIsPlainDes[i] = true;
                continue;
            }

            var outer = TripleDES.Create();
            outer.Key = [.. desKeys[i], .. KeyP, .. KeyQ];
            var p = DES.Create();
            p.Key = KeyP;
            var q = DES.Create();
            q.Key = KeyQ;
            _weakStages[i] = (outer, p, q);
        }
    }

    public int Block { get; }

    public static HostCipher Aes(byte[] key)
    {
        var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        return new HostCipher(aes, 16);
    }

    /// <summary>16 bytes: 2K3DES (single DES when the halves are equal); 24 bytes: 3K3DES.</summary>
    public static HostCipher Tdes(byte[] key)
    {
        if (!TripleDES.IsWeakKey(key))
        {
            var tdes = TripleDES.Create();
            tdes.Key = key.Length == 16 ? [.. key, .. key[..8]] : key;
            return new HostCipher(tdes, 8);
        }

        return new HostCipher([key[..8], key[8..16], key.Length == 24 ? key[16..24] : key[..8]]);
    }

    public byte[] EncryptCbc(byte[] iv, byte[] data) =>
        _algorithm?.EncryptCbc(data, iv, PaddingMode.None) ?? Chain(iv, data, encrypt: true);

    public byte[] DecryptCbc(byte[] iv, byte[] data) =>
        _algorithm?.DecryptCbc(data, iv, PaddingMode.None) ?? Chain(iv, data, encrypt: false);

    public byte[] EncryptBlock(byte[] block) => EncryptCbc(new byte[Block], block);

    public byte[] DecryptBlock(byte[] block) => DecryptCbc(new byte[Block], block);

    private byte[] Chain(byte[] iv, byte[] data, bool encrypt)
    {
        var output = new byte[data.Length];
        var previous = iv.ToArray();
        for (var at = 0; at < data.Length; at += 8)
        {
            var block = data[at..(at + 8)];
            if (encrypt)
            {
                var mixed = block.Select((b, i) => (byte)(b ^ previous[i])).ToArray();
                previous = Stage(2, Stage(1, Stage(0, mixed, true), false), true);
                previous.CopyTo(output, at);
            }
            else
            {
                var plain = Stage(0, Stage(1, Stage(2, block, false), true), false);
                plain.Select((b, i) => (byte)(b ^ previous[i])).ToArray().CopyTo(output, at);
                previous = block;
            }
        }

        return output;
    }

    // One single-DES stage. For a weak key K: TDEA(K, P, Q) gives E_Q(D_P(E_K x)); D_Q then E_P leave E_K x.
    private byte[] Stage(int i, byte[] block, bool encrypt)
    {
        if (_stageIsPlainDes![i])
        {
            return encrypt ? _plainStages![i].EncryptEcb(block, PaddingMode.None) : _plainStages![i].DecryptEcb(block, PaddingMode.None);
        }

        var (outer, p, q) = _weakStages![i];
        if (encrypt)
        {
            var wrapped = outer.EncryptEcb(block, PaddingMode.None);
            return p.EncryptEcb(q.DecryptEcb(wrapped, PaddingMode.None), PaddingMode.None);
        }

        var rewrapped = q.EncryptEcb(p.DecryptEcb(block, PaddingMode.None), PaddingMode.None);
        return outer.DecryptEcb(rewrapped, PaddingMode.None);
    }
}
