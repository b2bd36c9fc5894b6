using System.ComponentModel.DataAnnotations;

namespace StudentCard.Edge.Reader;

/// <summary>Settings of the card reader (configuration section "Reader").</summary>
public sealed class ReaderOptions : IValidatableObject
{
    public const string Section = "Reader";
    public const string SerialTransport = "serial";
    public const string TcpTransport = "tcp";

    /// <summary>"serial" for a PN532 on a UART, "tcp" for a simulator served over TCP.</summary>
    [Required]
    [RegularExpression("^(?i)(serial|tcp)$", ErrorMessage = "Reader:Transport must be \"serial\" or \"tcp\".")]
    public string Transport { get; set; } = SerialTransport;

    public string? PortName { get; set; }

    [Range(9600, 921600)]
    public int BaudRate { get; set; } = 115200;

    public string? TcpHost { get; set; }

    [Range(0, 65535)]
    public int TcpPort { get; set; }

    /// <summary>Pause between two InListPassiveTarget polls.</summary>
    [Range(0, 10_000)]
    public int PollIntervalMs { get; set; } = 50;

    /// <summary>How long a card must have been out of the field before it counts as a new tap.</summary>
    [Range(0, 600_000)]
    public int HoldOffMs { get; set; } = 1500;

    [Range(10, 60_000)]
    public int ResponseTimeoutMs { get; set; } = 1000;

    /// <summary>How long to wait for the PN532's ACK before sending the command again.</summary>
    [Range(5, 10_000)]
    public int AckTimeoutMs { get; set; } = 250;

    /// <summary>PN532 MxRtyPassiveActivation: finite so that an empty field answers NbTg = 0.</summary>
    [Range(0, 254)]
    public int PassiveActivationRetries { get; set; } = 1;

    [Range(10, 600_000)]
    public int ReconnectMinMs { get; set; } = 200;

    [Range(10, 600_000)]
    public int ReconnectMaxMs { get; set; } = 5000;

    public bool IsTcp => string.Equals(Transport, TcpTransport, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsTcp)
        {
            if (string.IsNullOrWhiteSpace(TcpHost))
            {
                yield return new ValidationResult("Reader:TcpHost is required for the tcp transport.", [nameof(TcpHost)]);
            }
            if (TcpPort is < 1 or > 65535)
            {
                yield return new ValidationResult("Reader:TcpPort must be 1-65535 for the tcp transport.", [nameof(TcpPort)]);
            }
        }
        else if (string.IsNullOrWhiteSpace(PortName))
        {
            yield return new ValidationResult("Reader:PortName is required for the serial transport.", [nameof(PortName)]);
        }
        if (ReconnectMaxMs < ReconnectMinMs)
        {
            yield return new ValidationResult("Reader:ReconnectMaxMs must not be below Reader:ReconnectMinMs.", [nameof(ReconnectMaxMs)]);
        }
    }
}
