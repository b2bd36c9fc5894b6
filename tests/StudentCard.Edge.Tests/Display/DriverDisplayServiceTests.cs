using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console.Testing;
using StudentCard.Core;
using StudentCard.Core.Rules;
using StudentCard.Edge.Display;
using StudentCard.Edge.Tests.Reader;

namespace StudentCard.Edge.Tests.Display;

/// <summary>The redraw loop: draws on a tap at once, notices the link on its own, stays quiet when disabled.</summary>
public sealed class DriverDisplayServiceTests : IDisposable
{
    private readonly DisplayFixture _fixture = new();
    private readonly TestConsole _console = new TestConsole().Width(100);

    [Fact]
    public async Task It_draws_a_tap_and_then_the_link_going_down()
    {
        using var service = new DriverDisplayService(_fixture.Display, _fixture.Options, enabled: true, _console, _fixture.Time, NullLogger<DriverDisplayService>.Instance);
        await service.StartAsync(CancellationToken.None);
        await Eventually.Until(() => _console.Output.Contains(DriverScreenView.Waiting), "the first screen");

        // Each redraw holds the next one back for MinRedrawMs of the (fake) clock; the tap itself needs no refresh tick.
        _fixture.Display.Show(AccessDecision.Denied(ReasonCode.NotEligibleForRoute), _fixture.Time.GetUtcNow());
        await Eventually.Until(
            () =>
            {
                _fixture.Time.Advance(TimeSpan.FromMilliseconds(_fixture.Options.MinRedrawMs));
                return _console.Output.Contains("Not valid on this route");
            },
            "the tap's screen");

        _fixture.AddWaitingPassages(2);
        _fixture.Link.MarkDisconnected();
        await Eventually.Until(
            () =>
            {
                _fixture.Time.Advance(TimeSpan.FromMilliseconds(_fixture.Options.RefreshMs));
                return _console.Output.Contains("2 taps waiting to send");
            },
            "the offline screen");

        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Disabled_it_draws_nothing()
    {
        using var service = new DriverDisplayService(_fixture.Display, _fixture.Options, enabled: false, _console, _fixture.Time, NullLogger<DriverDisplayService>.Instance);
        await service.StartAsync(CancellationToken.None);

        _fixture.Display.Show(AccessDecision.Allowed, _fixture.Time.GetUtcNow());
        await (service.ExecuteTask ?? Task.CompletedTask);

        Assert.True(service.ExecuteTask?.IsCompletedSuccessfully);
        Assert.Equal("", _console.Output);
    }

    [Theory]
    [InlineData(true, "gate", true)]
    [InlineData(false, "bus", false)]
    [InlineData(null, "bus", false)]
    [InlineData(null, "gate", false)]
    public void An_explicit_setting_wins_and_unset_it_is_off_outside_the_agent_program(bool? setting, string type, bool enabled)
    {
        // Tests run inside the test host, not the agent program: unset means off, as for the in-process demo.
        Assert.Equal(enabled, DriverDisplayService.IsEnabled(new DisplayOptions { Enabled = setting }, ReaderTypes.Parse(type)));
    }

    public void Dispose()
    {
        _console.Dispose();
        _fixture.Dispose();
    }
}
