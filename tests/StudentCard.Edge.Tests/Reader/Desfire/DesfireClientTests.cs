using System.Security.Cryptography;
using StudentCard.Core.Cards;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>The DESFire client's frames, byte for byte; the card's cryptograms are computed here with .NET's AES.</summary>
public sealed class DesfireClientTests
{
    private const string KeyHex = "A8DD63A3B89D54B37CA802473FDA9175";
    private const string UidHex = "04782E21801D80";
    private static readonly byte[] Key = Convert.FromHexString(KeyHex);
    private static readonly byte[] RndA = Enumerable.Range(0x00, 16).Select(i => (byte)i).ToArray();
    private static readonly byte[] RndB = Enumerable.Range(0x10, 16).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("31-32-33-34-35-36-37-38-39", "D9-C6-0B-34")]
    [InlineData("", "FF-FF-FF-FF")]
    public void Crc32_is_the_IEEE_crc_without_final_inversion(string data, string expected)
    {
        Assert.Equal(expected, Hex.Format(DesfireCrc32.Compute(Hex.Parse(data))));
    }

    [Fact]
    public async Task SelectApplication_and_CreateApplication_are_plain_frames()
    {
        var card = new ScriptedDesfireCard()
            .Expect("5A-00-00-00", "00")
            .Expect("CA-01-43-53-0F-83", "00")
            .Expect("5A-01-43-53", "00");
        using var client = new DesfireClient(card.Exchange);

        await client.SelectApplicationAsync(new byte[3], CancellationToken.None);
        await client.CreateApplicationAsync(StudentCardApplication.Aid, 0x0F, 3, CancellationToken.None);
        await client.SelectApplicationAsync(StudentCardApplication.Aid, CancellationToken.None);

        card.AssertDone();
    }

    [Fact]
    public async Task AuthenticateAes_sends_the_challenge_answer_and_checks_the_proof()
    {
        var card = AuthenticatingCard(keyNo: 2);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());

        await client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None);

        card.AssertDone();
        Assert.True(client.Authenticated);
        Assert.Equal("AA-02", card.Sent[0]);
        // RndA ‖ RndB rotated left by one byte, CBC from the challenge's cryptogram.
        var challenge = Aes(Key).EncryptCbc(RndB, new byte[16], PaddingMode.None);
        byte[] token = [.. RndA, .. RndB[1..], RndB[0]];
        Assert.Equal("AF-" + Hex.Format(Aes(Key).EncryptCbc(token, challenge, PaddingMode.None)), card.Sent[1]);
    }

    [Theory]
    [InlineData("AE")]
    [InlineData("40")]
    public async Task A_refused_authentication_is_an_authentication_error(string status)
    {
        var card = new ScriptedDesfireCard().Expect("AA-02", status);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());

        var ex = await Assert.ThrowsAsync<DesfireAuthenticationException>(() => client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None));

        Assert.False(client.Authenticated);
        Assert.DoesNotContain(KeyHex, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_card_whose_proof_is_wrong_does_not_hold_the_key()
    {
        var wrong = new byte[16];
        var card = AuthenticatingCard(keyNo: 2, cardKey: wrong);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());

        // The card deciphers the reader's answer with its own key, so its RndA' is garbage: it answers AE.
        var ex = await Assert.ThrowsAsync<DesfireAuthenticationException>(() => client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None));

        Assert.False(client.Authenticated);
        Assert.DoesNotContain(KeyHex, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_challenge_of_the_wrong_length_is_refused()
    {
        var card = new ScriptedDesfireCard().Expect("AA-02", "AF-" + Hex.Format(new byte[8]));
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());

        await Assert.ThrowsAsync<DesfireAuthenticationException>(() => client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None));
    }

    [Fact]
    public async Task GetCardUid_deciphers_the_uid_and_checks_crc_and_padding()
    {
        var card = AuthenticatingCard(keyNo: 2).Expect("51", _ => [0x00, .. UidCryptogram(Hex.Parse(UidHex), corruptCrc: false)]);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());
        await client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None);

        var uid = await client.GetCardUidAsync(CancellationToken.None);

        Assert.Equal(UidHex, Convert.ToHexString(uid.Bytes));
        card.AssertDone();
    }

    [Fact]
    public async Task A_uid_cryptogram_with_a_bad_crc_is_not_genuine()
    {
        var card = AuthenticatingCard(keyNo: 2).Expect("51", _ => [0x00, .. UidCryptogram(Hex.Parse(UidHex), corruptCrc: true)]);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());
        await client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<DesfireAuthenticationException>(() => client.GetCardUidAsync(CancellationToken.None));

        Assert.DoesNotContain(UidHex, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("00-01-02-03")]
    [InlineData("00")]
    public async Task A_uid_cryptogram_of_a_bad_length_is_refused(string answer)
    {
        var card = AuthenticatingCard(keyNo: 2).Expect("51", answer);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());
        await client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None);

        await Assert.ThrowsAsync<DesfireAuthenticationException>(() => client.GetCardUidAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("A0", DesfireStatus.ApplicationNotFound)]
    [InlineData("7E", DesfireStatus.LengthError)]
    [InlineData("9D", DesfireStatus.PermissionDenied)]
    public async Task Other_status_codes_are_typed_status_errors(string answer, byte status)
    {
        var card = new ScriptedDesfireCard().Expect("5A-01-43-53", answer);
        using var client = new DesfireClient(card.Exchange);

        var ex = await Assert.ThrowsAsync<DesfireStatusException>(() => client.SelectApplicationAsync(StudentCardApplication.Aid, CancellationToken.None));

        Assert.Equal(status, ex.Status);
        Assert.Equal(0x5A, ex.Command);
    }

    [Fact]
    public async Task A_card_removed_mid_authentication_is_a_lost_card_not_a_refusal()
    {
        var card = new ScriptedDesfireCard()
            .Expect("AA-02", "AF-" + Hex.Format(Aes(Key).EncryptCbc(RndB, new byte[16], PaddingMode.None)))
            .Expect("*", _ => throw new Pn532StatusException("InDataExchange", 0x01));
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());

        var ex = await Assert.ThrowsAsync<DesfireCardLostException>(() => client.AuthenticateAesAsync(2, new CardKey(Key), CancellationToken.None));

        Assert.IsType<Pn532StatusException>(ex.InnerException);
        Assert.False(client.Authenticated);
    }

    [Fact]
    public async Task ChangeKey_of_another_key_sends_the_xored_key_version_and_both_crcs_enciphered()
    {
        var newKey = Enumerable.Range(0x40, 16).Select(i => (byte)i).ToArray();
        var card = AuthenticatingCard(keyNo: 0).Expect("*", frame => [0x00, .. AnswerMac(SessionIvAfterChangeKey(frame, 2, newKey))]);
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());
        await client.AuthenticateAesAsync(0, new CardKey(Key), CancellationToken.None);

        await client.ChangeKeyAsync(2, new CardKey(newKey), CardKey.FactoryDefault, 1, CancellationToken.None);

        card.AssertDone();
        Assert.StartsWith("C4-02-", card.Sent[^1]);
        Assert.Equal(2 + 32, Hex.Parse(card.Sent[^1]).Length);
        Assert.True(client.Authenticated);
    }

    [Fact]
    public async Task ChangeKey_of_the_authenticated_key_ends_the_session()
    {
        var card = AuthenticatingCard(keyNo: 0).Expect("*", "00");
        using var client = new DesfireClient(card.Exchange, _ => RndA.ToArray());
        await client.AuthenticateAesAsync(0, new CardKey(Key), CancellationToken.None);

        await client.ChangeKeyAsync(0, CardKey.Generate(), new CardKey(Key), 1, CancellationToken.None);

        var plain = Aes(SessionKey).DecryptCbc(Hex.Parse(card.Sent[^1])[2..], new byte[16], PaddingMode.None);
        Assert.Equal(Hex.Format(DesfireCrc32.Compute([0xC4, 0x00, .. plain[..17]])), Hex.Format(plain[17..21]));
        Assert.All(plain[21..], b => Assert.Equal(0, b));
        Assert.False(client.Authenticated);
    }

    private static byte[] SessionKey => [.. RndA[..4], .. RndB[..4], .. RndA[12..], .. RndB[12..]];

    // A card holding cardKey (default: Key) that challenges with RndB and proves itself if the reader's answer checks.
    private static ScriptedDesfireCard AuthenticatingCard(byte keyNo, byte[]? cardKey = null)
    {
        var key = cardKey ?? Key;
        var challenge = Aes(key).EncryptCbc(RndB, new byte[16], PaddingMode.None);
        return new ScriptedDesfireCard()
            .Expect($"AA-{keyNo:X2}", "AF-" + Hex.Format(challenge))
            .Expect("*", frame =>
            {
                var answer = frame[1..];
                var token = Aes(key).DecryptCbc(answer, challenge, PaddingMode.None);
                if (!token[16..].AsSpan().SequenceEqual([.. RndB[1..], RndB[0]]))
                {
                    return [0xAE];
                }
                byte[] rotated = [.. token[1..16], token[0]];
                return [0x00, .. Aes(key).EncryptCbc(rotated, answer[^16..], PaddingMode.None)];
            });
    }

    private static byte[] UidCryptogram(byte[] uid, bool corruptCrc)
    {
        using var cmac = new AesCmac(SessionKey);
        var iv = cmac.Compute([0x51], new byte[16]);
        var crc = DesfireCrc32.Compute([.. uid, 0x00]);
        if (corruptCrc)
        {
            crc[0] ^= 0x01;
        }
        byte[] plain = [.. uid, .. crc, .. new byte[16 - uid.Length - 4]];
        return Aes(SessionKey).EncryptCbc(plain, iv, PaddingMode.None);
    }

    // The card's view after ChangeKey: the IV is the last cryptogram block; checks the plain before answering.
    private static byte[] SessionIvAfterChangeKey(byte[] frame, byte keyNo, byte[] newKey)
    {
        var cryptogram = frame[2..];
        var plain = Aes(SessionKey).DecryptCbc(cryptogram, new byte[16], PaddingMode.None);
        Assert.Equal(Hex.Format(newKey), Hex.Format(plain[..16]));
        Assert.Equal(0x01, plain[16]);
        Assert.Equal(Hex.Format(DesfireCrc32.Compute([0xC4, keyNo, .. plain[..17]])), Hex.Format(plain[17..21]));
        Assert.Equal(Hex.Format(DesfireCrc32.Compute(newKey)), Hex.Format(plain[21..25]));
        return cryptogram[^16..];
    }

    private static byte[] AnswerMac(byte[] iv)
    {
        using var cmac = new AesCmac(SessionKey);
        return cmac.Compute([0x00], iv)[..8];
    }

    private static Aes Aes(byte[] key)
    {
        var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = key;
        return aes;
    }
}
