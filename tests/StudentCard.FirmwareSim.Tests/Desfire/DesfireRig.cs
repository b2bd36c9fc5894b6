using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>A chip with one DESFire EV1 in the field, activated as target 1, and a reader-side host talking to it through InDataExchange.</summary>
internal sealed class DesfireRig : IDisposable
{
    public const string Uid = "04112233445566";

    public DesfireRig()
    {
        Rig.Field.Present(Card);
        Activation = Activate();
        Host = new DesfireHost(Send);
    }

    public static SimulatedCard Card { get; } = SimulatedCard.FromHex(Uid, CardType.Desfire);

    public ChipRig Rig { get; } = new();

    public DesfireHost Host { get; }

    /// <summary>The InListPassiveTarget answer after D5 4B.</summary>
    public byte[] Activation { get; private set; }

    /// <summary>Lists the card again (a new tap or RATS): the card forgets its session.</summary>
    public byte[] Activate()
    {
        var reply = Rig.Exchange("D4 4A 01 00");
        Assert.Equal(0x01, reply[2]);
        Activation = reply[2..];
        return Activation;
    }

    /// <summary>Card answer (status first) to a native command, asserting the PN532 status byte is 00.</summary>
    public byte[] Send(byte[] command)
    {
        var reply = Rig.Exchange("D4 40 01 " + Convert.ToHexString(command));
        Assert.Equal(Hex.Dashed("D54100"), Hex.Dashed(reply[..3]));
        return reply[3..];
    }

    /// <summary>Card answer as dashed hex.</summary>
    public string Send(string hex) => Hex.Dashed(Send(Hex.Bytes(hex)));

    public void Dispose() => Rig.Dispose();
}
