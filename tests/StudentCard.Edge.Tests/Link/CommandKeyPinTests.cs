using StudentCard.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Edge.Link;
using StudentCard.Edge.Settings;
using StudentCard.Edge.Tests.Support;

namespace StudentCard.Edge.Tests.Link;

public sealed class CommandKeyPinTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sc-pin-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private EdgeOptions Edge => new() { ReaderId = "gate-1", ReaderType = "gate", ReaderSecret = "secret", DataDirectory = _directory };

    private CommandKeyPin Start() => new(Options.Create(Edge), NullLogger<CommandKeyPin>.Instance);

    [Fact]
    public void Without_a_pin_file_no_key_is_held_and_with_one_its_key_is()
    {
        Assert.Null(Start().Key);
        using var central = new CentralCommandKey();
        central.PinnedVerifier(Edge, TimeProvider.System);

        Assert.Equal(central.Id, Start().Key?.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void A_pin_file_that_cannot_be_read_fails_the_start_instead_of_being_pinned_over(string text)
    {
        File.WriteAllText(Path.Combine(_directory, CommandKeyPin.FileName), text);

        var error = Assert.Throws<InvalidOperationException>(Start);
        Assert.Contains(CommandKeyPin.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_key_offered_later_is_not_taken_but_logged_as_an_error()
    {
        using var central = new CentralCommandKey();
        using var other = new CentralCommandKey();
        central.PinnedVerifier(Edge, TimeProvider.System);
        var log = new CapturingLogger<CommandKeyPin>();
        var pin = new CommandKeyPin(Options.Create(Edge), log);

        pin.Compare(central.PublicKey);
        Assert.Empty(log.Lines);
        pin.Compare(other.PublicKey);

        Assert.Equal(central.Id, pin.Key?.Id);
        Assert.Contains(log.Lines, l => l.StartsWith("Error Central offers command key " + other.Id, StringComparison.Ordinal));
    }
}
