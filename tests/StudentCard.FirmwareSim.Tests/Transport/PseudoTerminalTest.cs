using System.IO.Ports;
using StudentCard.FirmwareSim.Tests.Support;

namespace StudentCard.FirmwareSim.Tests.Transport;

public sealed class PseudoTerminalTest
{
    private const string WakeUpAndFirmwareRequest = "55-55-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-FF-02-FE-D4-02-2A-00";
    private const string FirmwareAnswer = "00-00-FF-00-FF-00-00-00-FF-06-FA-D5-03-32-01-06-07-E8-00";

    [Fact]
    public async Task AnswersSerialPortHostOnPtySlave()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal();
        Assert.StartsWith("/dev/pts/", board.DevicePath, StringComparison.Ordinal);

        Assert.Equal(FirmwareAnswer, Transact(board.DevicePath!, WakeUpAndFirmwareRequest, 19));
    }

    [Fact]
    public async Task SurvivesHostClosingAndReopeningThePort()
    {
        await using var board = SimulatedBoard.StartOnPseudoTerminal();
        Transact(board.DevicePath!, WakeUpAndFirmwareRequest, 19);

        Assert.Equal(FirmwareAnswer, Transact(board.DevicePath!, "00-00-FF-02-FE-D4-02-2A-00", 19));
    }

    [Fact]
    public async Task ReplacesStaleLinkAndRemovesItOnDispose()
    {
        var link = Path.Combine(Path.GetTempPath(), $"studentcard-sim-{Guid.NewGuid():N}");
        File.CreateSymbolicLink(link, "/dev/pts/nonexistent");
        try
        {
            var board = SimulatedBoard.StartOnPseudoTerminal(link);
            Assert.Equal(link, board.DevicePath);
            Assert.StartsWith("/dev/pts/", new FileInfo(link).LinkTarget, StringComparison.Ordinal);
            Assert.Equal(FirmwareAnswer, Transact(link, WakeUpAndFirmwareRequest, 19));

            await board.DisposeAsync();

            Assert.False(Path.Exists(link) || new FileInfo(link).LinkTarget is not null);
        }
        finally
        {
            File.Delete(link);
        }
    }

    private static string Transact(string path, string request, int expectedLength)
    {
        using var port = new SerialPort(path, 115200, Parity.None, 8, StopBits.One) { ReadTimeout = 5000 };
        port.Open();
        var bytes = Hex.Bytes(request);
        port.Write(bytes, 0, bytes.Length);
        var answer = new byte[expectedLength];
        var read = 0;
        while (read < expectedLength)
        {
            read += port.Read(answer, read, expectedLength - read);
        }

        return Hex.Dashed(answer);
    }
}
