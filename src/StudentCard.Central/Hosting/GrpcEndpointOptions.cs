using System.ComponentModel.DataAnnotations;

namespace StudentCard.Central.Hosting;

/// <summary>The "Grpc" configuration section: the HTTP/2-only endpoint agents call.</summary>
public sealed class GrpcEndpointOptions
{
    public const string Section = "Grpc";

    /// <summary>0 picks any free port (tests, in-process demo).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 5080;

    /// <summary>Loopback by default because this endpoint has no TLS; containers set 0.0.0.0.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";
}
