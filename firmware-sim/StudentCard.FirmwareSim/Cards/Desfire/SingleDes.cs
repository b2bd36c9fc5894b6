using System.Security.Cryptography;

namespace StudentCard.FirmwareSim.Cards.Desfire;

/// <summary>
/// Single DES under any 8-byte key. .NET refuses DES's weak and semi-weak keys, yet a factory DESFire
/// card holds the all-zero key; for those keys the block goes through TDEA with two helper keys
/// (E_L(D_J(E_K(x))) from TripleDES, then D_L and E_J from DES), which leaves exactly E_K(x).
/// </summary>
internal sealed class SingleDes
{
    private static readonly byte[] HelperJ = [0x13, 0x34, 0x57, 0x79, 0x9B, 0xBC, 0xDF, 0xF1];
    private static readonly byte[] HelperL = [0x0E, 0x32, 0x92, 0x32, 0xEA, 0x6D, 0x0D, 0x73];

    private readonly DES? _des;
    private readonly TripleDES? _wrapped;
    private readonly DES? _j;
    private readonly DES? _l;

    public SingleDes(ReadOnlySpan<byte> key)
    {
        var bytes = key.ToArray();
        if (bytes.Length != 8)
        {
            throw new ArgumentException("A DES key has 8 bytes.", nameof(key));
        }

        if (!DES.IsWeakKey(bytes) && !DES.IsSemiWeakKey(bytes))
        {
            _des = DES.Create();
            _des.SetKey(bytes);
            return;
        }

        _wrapped = TripleDES.Create();
        _wrapped.SetKey([.. bytes, .. HelperJ, .. HelperL]);
        _j = DES.Create();
        _j.SetKey(HelperJ);
        _l = DES.Create();
        _l.SetKey(HelperL);
    }

    public void Encrypt(ReadOnlySpan<byte> block, Span<byte> output)
    {
        if (_des is not null)
        {
            _des.EncryptEcb(block, output, PaddingMode.None);
            return;
        }

        Span<byte> step = stackalloc byte[8];
        _wrapped!.EncryptEcb(block, step, PaddingMode.None);
        _l!.DecryptEcb(step, output, PaddingMode.None);
        _j!.EncryptEcb(output, step, PaddingMode.None);
        step.CopyTo(output);
    }

    public void Decrypt(ReadOnlySpan<byte> block, Span<byte> output)
    {
        if (_des is not null)
        {
            _des.DecryptEcb(block, output, PaddingMode.None);
            return;
        }

        // D_K(y) = TDEA-decrypt(K, J, L) of E_L(D_J(y)).
        Span<byte> step = stackalloc byte[8];
        _j!.DecryptEcb(block, step, PaddingMode.None);
        _l!.EncryptEcb(step, output, PaddingMode.None);
        _wrapped!.DecryptEcb(output, step, PaddingMode.None);
        step.CopyTo(output);
    }
}
