using System.Security.Cryptography;
using StudentCard.Core.Cards;
using StudentCard.Core.Identifiers;

namespace StudentCard.Edge.Reader;

/// <summary>
/// The reader's side of a MIFARE DESFire EV1 session in native commands: select an application, AES
/// authentication (0xAA) and the EV1 secure messaging that follows it (CMAC chained from the session IV,
/// CRC32 inside enciphered data). One card, one session at a time; not thread-safe.
/// </summary>
public sealed class DesfireClient : IDisposable
{
    public const byte SelectApplicationCommand = 0x5A;
    public const byte AuthenticateAesCommand = 0xAA;
    public const byte GetCardUidCommand = 0x51;
    public const byte CreateApplicationCommand = 0xCA;
    public const byte ChangeKeyCommand = 0xC4;

    /// <summary>CreateApplication's key-count flag for AES application keys.</summary>
    public const byte AesKeysFlag = 0x80;

    private const int Block = AesCmac.BlockSize;

    // The real UID is 7 bytes on EV1; 4 and 10 are checked too, as a single- or triple-size UID card answers them.
    private static readonly int[] UidLengths = [7, 4, 10];

    private readonly DesfireExchange _exchange;
    private readonly Func<int, byte[]> _random;
    private Session? _session;

    /// <param name="exchange">Sends one native command frame and returns the card's answer (status byte first).</param>
    /// <param name="random">The reader's random numbers (RndA); cryptographic randomness unless a test pins them.</param>
    public DesfireClient(DesfireExchange exchange, Func<int, byte[]>? random = null)
    {
        _exchange = exchange;
        _random = random ?? RandomNumberGenerator.GetBytes;
    }

    /// <summary>The exchange with target <paramref name="tg"/> through the PN532's InDataExchange.</summary>
    public static DesfireExchange Over(Pn532Client pn532, byte tg) =>
        (frame, ct) => pn532.InDataExchangeAsync(tg, frame, ct);

    public bool Authenticated => _session is not null;

    /// <summary>SelectApplication; the 3-byte AID in wire order (least significant byte first). Ends any authentication.</summary>
    public async Task SelectApplicationAsync(ReadOnlyMemory<byte> aid, CancellationToken ct)
    {
        RequireAid(aid);
        EndSession();
        byte[] command = [SelectApplicationCommand, .. aid.Span];
        await SendAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>AES mutual authentication with key <paramref name="keyNo"/> of the selected application; starts an EV1 session.</summary>
    public async Task AuthenticateAesAsync(byte keyNo, CardKey key, CancellationToken ct)
    {
        EndSession();
        using var aes = Aes.Create();
        aes.Key = key.Material.ToArray();

        var first = await ExchangeAsync([AuthenticateAesCommand, keyNo], ct).ConfigureAwait(false);
        if (first[0] == DesfireStatus.AuthenticationError || first[0] == DesfireStatus.NoSuchKey)
        {
            throw new DesfireAuthenticationException($"The card refused AES authentication with key {keyNo} (status 0x{first[0]:X2}).");
        }
        RequireStatus(AuthenticateAesCommand, first, DesfireStatus.AdditionalFrame);
        if (first.Length != 1 + Block)
        {
            throw new DesfireAuthenticationException($"The card's AES challenge has {first.Length - 1} bytes instead of {Block}.");
        }

        var challenge = first[1..];
        var rndB = aes.DecryptCbc(challenge, new byte[Block], PaddingMode.None);
        var rndA = _random(Block);
        byte[] token = [.. rndA, .. rndB[1..], rndB[0]];
        var response = aes.EncryptCbc(token, challenge, PaddingMode.None);

        var second = await ExchangeAsync([DesfireStatus.AdditionalFrame, .. response], ct).ConfigureAwait(false);
        if (second[0] != DesfireStatus.Ok)
        {
            throw new DesfireAuthenticationException($"The card rejected the reader's AES answer for key {keyNo} (status 0x{second[0]:X2}).");
        }
        if (second.Length != 1 + Block)
        {
            throw new DesfireAuthenticationException($"The card's AES proof has {second.Length - 1} bytes instead of {Block}.");
        }

        var proof = aes.DecryptCbc(second.AsSpan(1), response.AsSpan(^Block..), PaddingMode.None);
        byte[] expected = [.. rndA[1..], rndA[0]];
        bool proven = CryptographicOperations.FixedTimeEquals(proof, expected);
        CryptographicOperations.ZeroMemory(token);
        CryptographicOperations.ZeroMemory(proof);
        if (!proven)
        {
            throw new DesfireAuthenticationException($"The card's AES proof for key {keyNo} does not match: it does not hold the key.");
        }

        // EV1 AES session key: RndA 0..3 ‖ RndB 0..3 ‖ RndA 12..15 ‖ RndB 12..15; the IV starts at zero.
        byte[] sessionKey = [.. rndA[..4], .. rndB[..4], .. rndA[12..], .. rndB[12..]];
        _session = new Session(sessionKey, keyNo);
        CryptographicOperations.ZeroMemory(sessionKey);
        CryptographicOperations.ZeroMemory(rndA);
        CryptographicOperations.ZeroMemory(rndB);
    }

    /// <summary>GetCardUID (EV1): the real UID, enciphered with its CRC32 under the session key. Needs authentication.</summary>
    public async Task<CardUid> GetCardUidAsync(CancellationToken ct)
    {
        var session = RequireSession(GetCardUidCommand);
        byte[] command = [GetCardUidCommand];
        session.MacCommand(command);
        var answer = await ExchangeAsync(command, ct).ConfigureAwait(false);
        RequireStatus(GetCardUidCommand, answer, DesfireStatus.Ok);
        var cryptogram = answer[1..];
        if (cryptogram.Length == 0 || cryptogram.Length % Block != 0)
        {
            throw new DesfireAuthenticationException($"GetCardUID answered {cryptogram.Length} bytes, not whole AES blocks.");
        }

        var plain = session.Decipher(cryptogram);
        try
        {
            foreach (int length in UidLengths)
            {
                if (HasCrcAndPadding(plain, length))
                {
                    return new CardUid(plain.AsSpan(0, length));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        throw new DesfireAuthenticationException("GetCardUID's answer does not decipher to a UID with a valid CRC32 and padding.");
    }

    /// <summary>CreateApplication with AES keys: AID (wire order), key settings and the number of keys (1 to 14).</summary>
    public async Task CreateApplicationAsync(ReadOnlyMemory<byte> aid, byte keySettings, byte keyCount, CancellationToken ct)
    {
        RequireAid(aid);
        if (keyCount is < 1 or > 14)
        {
            throw new ArgumentOutOfRangeException(nameof(keyCount), "A DESFire application has 1 to 14 keys.");
        }
        byte[] command = [CreateApplicationCommand, .. aid.Span, keySettings, (byte)(keyCount | AesKeysFlag)];
        await SendAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// ChangeKey of AES key <paramref name="keyNo"/> in the selected application. Changing the authenticated key
    /// ends the session; another key is sent XORed with its old value and with the new key's CRC32.
    /// </summary>
    public async Task ChangeKeyAsync(byte keyNo, CardKey newKey, CardKey oldKey, byte version, CancellationToken ct)
    {
        var session = RequireSession(ChangeKeyCommand);
        bool own = keyNo == session.KeyNo;
        var body = newKey.Material.ToArray();
        if (!own)
        {
            for (int i = 0; i < body.Length; i++)
            {
                body[i] ^= oldKey.Material[i];
            }
        }

        byte[] withVersion = [.. body, version];
        byte[] plain = [.. withVersion, .. DesfireCrc32.Compute([ChangeKeyCommand, keyNo, .. withVersion])];
        if (!own)
        {
            plain = [.. plain, .. DesfireCrc32.Compute(newKey.Material)];
        }

        var padded = new byte[(plain.Length + Block - 1) / Block * Block];
        plain.CopyTo(padded, 0);
        var cryptogram = session.Encipher(padded);
        CryptographicOperations.ZeroMemory(body);
        CryptographicOperations.ZeroMemory(withVersion);
        CryptographicOperations.ZeroMemory(plain);
        CryptographicOperations.ZeroMemory(padded);

        var answer = await ExchangeAsync([ChangeKeyCommand, keyNo, .. cryptogram], ct).ConfigureAwait(false);
        RequireStatus(ChangeKeyCommand, answer, DesfireStatus.Ok);
        if (own)
        {
            EndSession();
            return;
        }
        session.CheckAnswerMac(answer);
    }

    public void Dispose() => EndSession();

    public override string ToString() => $"DesfireClient({(Authenticated ? "authenticated" : "not authenticated")})";

    private static bool HasCrcAndPadding(byte[] plain, int length)
    {
        if (plain.Length < length + 4)
        {
            return false;
        }
        byte[] crcInput = [.. plain.AsSpan(0, length), DesfireStatus.Ok];
        var crc = DesfireCrc32.Compute(crcInput);
        return plain.AsSpan(length, 4).SequenceEqual(crc) && !plain.AsSpan(length + 4).ContainsAnyExcept((byte)0);
    }

    // A plain command: MACed into the IV when authenticated, and the answer's CMAC checked.
    private async Task<byte[]> SendAsync(byte[] command, CancellationToken ct)
    {
        _session?.MacCommand(command);
        var answer = await ExchangeAsync(command, ct).ConfigureAwait(false);
        RequireStatus(command[0], answer, DesfireStatus.Ok);
        if (command[0] != SelectApplicationCommand)
        {
            _session?.CheckAnswerMac(answer);
        }
        return answer[1..];
    }

    private async Task<byte[]> ExchangeAsync(byte[] command, CancellationToken ct)
    {
        byte[] answer;
        try
        {
            answer = await _exchange(command, ct).ConfigureAwait(false);
        }
        catch (Pn532StatusException ex)
        {
            EndSession();
            throw new DesfireCardLostException($"The card stopped answering during DESFire command 0x{command[0]:X2}.", ex);
        }
        if (answer.Length == 0)
        {
            EndSession();
            throw new DesfireStatusException(command[0], DesfireStatus.LengthError);
        }
        return answer;
    }

    private void RequireStatus(byte command, byte[] answer, byte expected)
    {
        if (answer[0] == expected)
        {
            return;
        }
        EndSession();
        if (answer[0] == DesfireStatus.AuthenticationError || answer[0] == DesfireStatus.IntegrityError)
        {
            throw new DesfireAuthenticationException(
                $"DESFire command 0x{command:X2} failed with status 0x{answer[0]:X2} ({DesfireStatus.Describe(answer[0])}).");
        }
        throw new DesfireStatusException(command, answer[0]);
    }

    private Session RequireSession(byte command) =>
        _session ?? throw new InvalidOperationException($"DESFire command 0x{command:X2} needs an authenticated session.");

    private static void RequireAid(ReadOnlyMemory<byte> aid)
    {
        if (aid.Length != 3)
        {
            throw new ArgumentException("A DESFire application identifier is 3 bytes.", nameof(aid));
        }
    }

    private void EndSession()
    {
        _session?.Dispose();
        _session = null;
    }

    /// <summary>EV1 secure messaging state: the session key and the IV every CMAC and cryptogram chains through.</summary>
    private sealed class Session : IDisposable
    {
        private readonly Aes _aes = Aes.Create();
        private readonly AesCmac _cmac;
        private byte[] _iv = new byte[Block];

        public Session(byte[] sessionKey, byte keyNo)
        {
            _aes.Key = sessionKey;
            _cmac = new AesCmac(sessionKey);
            KeyNo = keyNo;
        }

        public byte KeyNo { get; }

        public void MacCommand(byte[] command) => _iv = _cmac.Compute(command, _iv);

        /// <summary>The answer's 8-byte CMAC covers its data and then its status byte.</summary>
        public void CheckAnswerMac(byte[] answer)
        {
            if (answer.Length < 1 + 8)
            {
                throw new DesfireAuthenticationException("The card's answer lacks its CMAC.");
            }
            byte[] covered = [.. answer.AsSpan(1, answer.Length - 9), answer[0]];
            _iv = _cmac.Compute(covered, _iv);
            if (!CryptographicOperations.FixedTimeEquals(_iv.AsSpan(0, 8), answer.AsSpan(^8..)))
            {
                throw new DesfireAuthenticationException("The card's answer CMAC does not match the session.");
            }
        }

        public byte[] Encipher(byte[] plain)
        {
            var cryptogram = _aes.EncryptCbc(plain, _iv, PaddingMode.None);
            _iv = cryptogram[^Block..];
            return cryptogram;
        }

        public byte[] Decipher(byte[] cryptogram)
        {
            var plain = _aes.DecryptCbc(cryptogram, _iv, PaddingMode.None);
            _iv = cryptogram[^Block..];
            return plain;
        }

        public void Dispose()
        {
            CryptographicOperations.ZeroMemory(_iv);
            _cmac.Dispose();
            _aes.Dispose();
        }
    }
}
