using System.IO.Ports;
using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Desfire;

/// <summary>A DESFire behind the simulated board's pseudo-terminal, driven through System.IO.Ports as a host drives a real PN532.</summary>
public sealed class DesfireSerialTest
{
    [Fact]
    public async Task AuthenticatesWithAesAndReadsTheUidOverTheSerialLine()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal();
        board.Field.Present(SimulatedCard.FromHex(DesfireRig.Uid, CardType.Desfire));
        using var port = new SerialPort(board.DevicePath!, 115200, Parity.None, 8, StopBits.One) { ReadTimeout = 5000 };
        port.Open();
        port.Write(new byte[24] { 0x55, 0x55, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 0, 24);

        Assert.Equal("D5-4B-01-01-03-44-20-07-04-11-22-33-44-55-66-06-75-77-81-02-80", Hex.Dashed(Transact(port, "D4 4A 01 00")));

        var host = new DesfireHost(command =>
        {
            var reply = Transact(port, "D4 40 01 " + Convert.ToHexString(command));
            Assert.Equal("D5-41-00", Hex.Dashed(reply[..3]));
            return reply[3..];
        });
        Assert.Equal([0x00], host.Raw(0xCA, 0x01, 0x00, 0x00, 0x0F, 0x81));
        Assert.Equal([0x00], host.Raw(0x5A, 0x01, 0x00, 0x00));

        Assert.Equal(0x00, host.AuthenticateAes(0, new byte[16]));
        Assert.Equal(DesfireRig.Uid, Convert.ToHexString(host.Deciphered([0x51], 7)));
    }

    // Sends one information frame and returns the response frame's TFI and data after the chip's ACK.
    private static byte[] Transact(SerialPort port, string payload)
    {
        var data = Hex.Bytes(payload);
        var checksum = (byte)(0x100 - (data.Sum(b => b) & 0xFF));
        byte[] frame = [0x00, 0x00, 0xFF, (byte)data.Length, (byte)(0x100 - data.Length), .. data, checksum, 0x00];
        port.Write(frame, 0, frame.Length);

        Assert.Equal("00-00-FF-00-FF-00", Hex.Dashed(Read(port, 6)));
        var header = Read(port, 5);
        Assert.Equal("00-00-FF", Hex.Dashed(header[..3]));
        var body = Read(port, header[3] + 2);
        return body[..header[3]];
    }

    private static byte[] Read(SerialPort port, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            read += port.Read(buffer, read, count - read);
        }

        return buffer;
    }
}
