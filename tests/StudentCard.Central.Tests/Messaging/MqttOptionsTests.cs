using System.ComponentModel.DataAnnotations;
using StudentCard.Central.Messaging;

namespace StudentCard.Central.Tests.Messaging;

public sealed class MqttOptionsTests
{
    private static List<ValidationResult> Validate(MqttOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static MqttOptions Mosquitto(string? pidFile) => new()
    {
        Mode = MqttMode.External,
        ServiceUsername = "studentcard-central",
        ServicePassword = "service-password",
        MosquittoAuthDirectory = "/etc/mosquitto/studentcard",
        MosquittoPidFile = pidFile,
    };

    /// <summary>Without the pid file Mosquitto would keep a revoked reader's session and login until it restarts.</summary>
    [Fact]
    public void Mosquittos_auth_directory_without_its_pid_file_stops_the_start()
    {
        var refused = Assert.Single(Validate(Mosquitto(null)));

        Assert.Equal([nameof(MqttOptions.MosquittoPidFile)], refused.MemberNames);
        Assert.Contains("revoked reader", refused.ErrorMessage);
        Assert.Empty(Validate(Mosquitto("/run/mosquitto/mosquitto.pid")));
    }
}
