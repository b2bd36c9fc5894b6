using Microsoft.Extensions.Logging.Abstractions;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

/// <summary>Temporary pty link paths and readers configured for the simulated board.</summary>
internal sealed class SimulatorTestSupport : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("studentcard-edge-").FullName;

    public string LinkPath => Path.Combine(_directory, "ttyPN532");

    public static ReaderOptions Options(string portName, int holdOffMs = 1500) => new()
    {
        Transport = ReaderOptions.SerialTransport,
        PortName = portName,
        PollIntervalMs = 20,
        HoldOffMs = holdOffMs,
        ReconnectMinMs = 50,
        ReconnectMaxMs = 400,
    };

    public static Pn532Reader Reader(ReaderOptions options) => new(
        Microsoft.Extensions.Options.Options.Create(options),
        new ReaderTransportFactory(Microsoft.Extensions.Options.Options.Create(options)),
        TimeProvider.System,
        NullLogger<Pn532Reader>.Instance);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A simulator still holding its link; the OS cleans temp directories.
        }
    }
}
