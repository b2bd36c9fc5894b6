using Microsoft.Extensions.Options;

namespace StudentCard.Edge.Reader;

/// <summary>Builds a fresh transport from the Reader settings for each (re)connection.</summary>
public sealed class ReaderTransportFactory
{
    private readonly ReaderOptions _options;

    public ReaderTransportFactory(IOptions<ReaderOptions> options)
    {
        _options = options.Value;
    }

    public IReaderTransport Create() => _options.IsTcp
        ? new TcpReaderTransport(_options.TcpHost!, _options.TcpPort)
        : new SerialPortTransport(_options.PortName!, _options.BaudRate);

    /// <summary>Where the reader is, for logs.</summary>
    public string Describe() => _options.IsTcp ? $"tcp://{_options.TcpHost}:{_options.TcpPort}" : _options.PortName ?? "(no port)";
}
