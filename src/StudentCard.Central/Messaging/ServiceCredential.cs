using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace StudentCard.Central.Messaging;

/// <summary>
/// Central's own MQTT login. With the embedded broker it is random per process, so it exists
/// nowhere but in memory; with an external broker it comes from configuration.
/// </summary>
public sealed class ServiceCredential
{
    public const string EmbeddedUsername = "studentcard-central";

    public ServiceCredential(IOptions<MqttOptions> options)
    {
        var mqtt = options.Value;
        if (mqtt.Mode == MqttMode.External)
        {
            Username = mqtt.ServiceUsername!;
            Password = mqtt.ServicePassword!;
        }
        else
        {
            Username = EmbeddedUsername;
            Password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }
    }

    public string Username { get; }

    public string Password { get; }

    public bool Matches(string? username, string? password) =>
        username == Username
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password ?? ""), Encoding.UTF8.GetBytes(Password));

    public override string ToString() => $"ServiceCredential({Username}, redacted)";
}
