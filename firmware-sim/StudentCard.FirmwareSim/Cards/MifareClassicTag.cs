using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim.Cards;

/// <summary>A MIFARE Classic 1K with transport keys (FF..FF): AUTH A/B, READ and WRITE of 16-byte blocks.</summary>
internal sealed class MifareClassicTag : ISimulatedTag
{
    private const int BlockCount = 64;
    private readonly byte[] _memory = new byte[BlockCount * 16];
    private readonly SimulatedCard _card;
    private readonly byte[] _uidTail;
    private int _authenticatedSector = -1;

    public MifareClassicTag(SimulatedCard card)
    {
        _card = card;
        _uidTail = card.Uid[^4..];

        // Block 0 (manufacturer block): UID, BCC, SAK, ATQA little-endian, manufacturer data.
        card.Uid.CopyTo(_memory, 0);
        var bcc = (byte)(card.Uid[0] ^ card.Uid[1] ^ card.Uid[2] ^ card.Uid[3]);
        var at = card.Uid.Length;
        if (card.Uid.Length == 4)
        {
            _memory[at++] = bcc;
        }

        _memory[at++] = card.Sak;
        _memory[at++] = (byte)card.Atqa;
        _memory[at] = (byte)(card.Atqa >> 8);

        byte[] trailer = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x80, 0x69, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        for (var sector = 0; sector < BlockCount / 4; sector++)
        {
            trailer.CopyTo(_memory, ((sector * 4) + 3) * 16);
        }
    }

    public TagReply Exchange(ReadOnlySpan<byte> command)
    {
        if (command.IsEmpty)
        {
            return TagReply.Failed(Pn532Status.Timeout);
        }

        return command[0] switch
        {
            0x60 or 0x61 when command.Length == 12 => Authenticate(command[0] == 0x61, command[1], command[2..8], command[8..12]),
            0x30 when command.Length == 2 => Read(command[1]),
            0xA0 when command.Length == 18 => Write(command[1], command[2..18]),
            _ => TagReply.Failed(Pn532Status.Timeout),
        };
    }

    public TagActivation Activate()
    {
        ResetSession();
        return TagActivation.Fixed(_card);
    }

    public void ResetSession() => _authenticatedSector = -1;

    private TagReply Authenticate(bool keyB, byte block, ReadOnlySpan<byte> key, ReadOnlySpan<byte> uid)
    {
        _authenticatedSector = -1;
        if (block >= BlockCount || !uid.SequenceEqual(_uidTail))
        {
            return TagReply.Failed(Pn532Status.MifareAuthenticationError);
        }

        var sector = block / 4;
        var stored = _memory.AsSpan((((sector * 4) + 3) * 16) + (keyB ? 10 : 0), 6);
        if (!stored.SequenceEqual(key))
        {
            return TagReply.Failed(Pn532Status.MifareAuthenticationError);
        }

        _authenticatedSector = sector;
        return TagReply.Answer([]);
    }

    private TagReply Read(byte block)
    {
        if (block >= BlockCount || block / 4 != _authenticatedSector)
        {
            return TagReply.Failed(Pn532Status.MifareAuthenticationError);
        }

        var data = _memory.AsSpan(block * 16, 16).ToArray();
        if (block % 4 == 3)
        {
            // Key A is never readable from a sector trailer.
            data.AsSpan(0, 6).Clear();
        }

        return TagReply.Answer(data);
    }

    private TagReply Write(byte block, ReadOnlySpan<byte> data)
    {
        if (block == 0 || block >= BlockCount || block / 4 != _authenticatedSector)
        {
            return TagReply.Failed(Pn532Status.MifareAuthenticationError);
        }

        data.CopyTo(_memory.AsSpan(block * 16));
        return TagReply.Answer([]);
    }
}
