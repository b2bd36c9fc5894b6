using System.ComponentModel.DataAnnotations;
using StudentCard.Edge.Reader;

namespace StudentCard.Edge.Tests.Reader;

public sealed class ReaderOptionsTests
{
    [Fact]
    public void Defaults_with_a_port_are_valid()
    {
        var options = new ReaderOptions { PortName = "/dev/ttyUSB0" };

        Assert.Empty(Validate(options));
        Assert.Equal(115200, options.BaudRate);
        Assert.Equal(50, options.PollIntervalMs);
        Assert.Equal(1500, options.HoldOffMs);
        Assert.Equal(200, options.ReconnectMinMs);
        Assert.Equal(5000, options.ReconnectMaxMs);
    }

    [Theory]
    [InlineData("serial", null, null, 0, "PortName")]
    [InlineData("tcp", null, null, 4000, "TcpHost")]
    [InlineData("tcp", null, "localhost", 0, "TcpPort")]
    [InlineData("usb", "/dev/ttyUSB0", null, 0, "Transport")]
    public void Missing_or_wrong_settings_are_reported(string transport, string? port, string? host, int tcpPort, string member)
    {
        var options = new ReaderOptions { Transport = transport, PortName = port, TcpHost = host, TcpPort = tcpPort };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(member));
    }

    [Fact]
    public void A_maximum_backoff_below_the_minimum_is_reported()
    {
        var options = new ReaderOptions { PortName = "/dev/ttyS0", ReconnectMinMs = 1000, ReconnectMaxMs = 500 };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(ReaderOptions.ReconnectMaxMs)));
    }

    [Fact]
    public void The_factory_builds_the_configured_transport()
    {
        var serial = new ReaderTransportFactory(Microsoft.Extensions.Options.Options.Create(new ReaderOptions { PortName = "/dev/ttyS0" }));
        var tcp = new ReaderTransportFactory(Microsoft.Extensions.Options.Options.Create(
            new ReaderOptions { Transport = "TCP", TcpHost = "127.0.0.1", TcpPort = 4532 }));

        Assert.IsType<SerialPortTransport>(serial.Create());
        Assert.IsType<TcpReaderTransport>(tcp.Create());
    }

    [Fact]
    public void The_options_validator_fails_loudly_on_a_bad_setting()
    {
        var validator = new ReaderOptionsValidator();

        var good = validator.Validate(null, new ReaderOptions { PortName = "/dev/ttyS0" });
        var bad = validator.Validate(null, new ReaderOptions { PortName = "/dev/ttyS0", PollIntervalMs = -1 });

        Assert.True(good.Succeeded);
        Assert.True(bad.Failed);
        Assert.Contains("PollIntervalMs", bad.FailureMessage);
    }

    private static List<ValidationResult> Validate(ReaderOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
