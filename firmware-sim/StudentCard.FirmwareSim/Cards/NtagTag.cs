using StudentCard.FirmwareSim.Protocol;

namespace StudentCard.FirmwareSim.Cards;

/// <summary>An NTAG213 (45 pages of 4 bytes) with an empty NDEF message: READ, FAST_READ, WRITE, GET_VERSION.</summary>
internal sealed class NtagTag : ISimulatedTag
{
    private const int PageCount = 45;
    private const int FirstUserPage = 4;
    private const int LastUserPage = 39;
    private static readonly byte[] Version = [0x00, 0x04, 0x04, 0x02, 0x01, 0x00, 0x0F, 0x03];

    private readonly byte[] _memory = new byte[PageCount * 4];
    private readonly SimulatedCard _card;

    public NtagTag(SimulatedCard card)
    {
        _card = card;
        var uid = card.Uid;
        var id = new byte[7];
        uid.AsSpan(0, Math.Min(7, uid.Length)).CopyTo(id);

        // Pages 0-2: UID with its two check bytes (BCC0 includes the cascade tag 0x88), as ISO 14443-3 lays them out.
        _memory[0] = id[0];
        _memory[1] = id[1];
        _memory[2] = id[2];
        _memory[3] = (byte)(0x88 ^ id[0] ^ id[1] ^ id[2]);
        id.AsSpan(3, 4).CopyTo(_memory.AsSpan(4));
        _memory[8] = (byte)(id[3] ^ id[4] ^ id[5] ^ id[6]);
        _memory[9] = 0x48;
        byte[] capabilityContainer = [0xE1, 0x10, 0x12, 0x00];
        capabilityContainer.CopyTo(_memory.AsSpan(12));
        byte[] emptyNdef = [0x03, 0x00, 0xFE, 0x00];
        emptyNdef.CopyTo(_memory.AsSpan(16));
        byte[] config = [0x04, 0x00, 0x00, 0xFF, 0x00, 0x05, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF];
        config.CopyTo(_memory.AsSpan(41 * 4));
    }

    public TagReply Exchange(ReadOnlySpan<byte> command)
    {
        if (command.IsEmpty)
        {
            return TagReply.Failed(Pn532Status.Timeout);
        }

        return command[0] switch
        {
            0x30 when command.Length == 2 => Read(command[1]),
            0x3A when command.Length == 3 => FastRead(command[1], command[2]),
            0xA2 when command.Length == 6 => Write(command[1], command[2..6]),
            0x60 when command.Length == 1 => TagReply.Answer(Version.ToArray()),
            // The card NAKs or stays silent: the PN532 sees no valid answer.
            _ => TagReply.Failed(Pn532Status.Timeout),
        };
    }

    public TagActivation Activate() => TagActivation.Fixed(_card);

    public void ResetSession()
    {
    }

    private TagReply Read(byte page)
    {
        if (page >= PageCount)
        {
            return TagReply.Failed(Pn532Status.Timeout);
        }

        // READ returns four pages and rolls over to page 0 past the end of memory.
        var data = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            var source = (page + i) % PageCount;
            _memory.AsSpan(source * 4, 4).CopyTo(data.AsSpan(i * 4));
        }

        return TagReply.Answer(data);
    }

    private TagReply FastRead(byte start, byte end)
    {
        if (start > end || end >= PageCount)
        {
            return TagReply.Failed(Pn532Status.Timeout);
        }

        return TagReply.Answer(_memory.AsSpan(start * 4, (end - start + 1) * 4).ToArray());
    }

    private TagReply Write(byte page, ReadOnlySpan<byte> data)
    {
        if (page is < FirstUserPage or > LastUserPage)
        {
            return TagReply.Failed(Pn532Status.Timeout);
        }

        data.CopyTo(_memory.AsSpan(page * 4));
        return TagReply.Answer([]);
    }
}
