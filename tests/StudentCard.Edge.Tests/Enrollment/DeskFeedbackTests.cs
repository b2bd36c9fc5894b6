using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StudentCard.Edge.Enrollment;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Tests.Reader;
using StudentCard.FirmwareSim;
using StudentCard.Protos.V1;

namespace StudentCard.Edge.Tests.Enrollment;

/// <summary>
/// The desk board's answers: bound (green), bound to a pupil without rights (amber, both LEDs, two long beeps), refused
/// (red); each its own pattern, and the amber one reaches the simulated board over a real pseudo-terminal.
/// </summary>
public sealed class DeskFeedbackTests : IDisposable
{
    private readonly SimulatorTestSupport _support = new();

    private static TheoryData<EnrollmentOutcome, PupilRights> Answers() => new()
    {
        { EnrollmentOutcome.Bound, PupilRights.Held },
        { EnrollmentOutcome.Bound, PupilRights.None },
        { EnrollmentOutcome.CardRevoked, PupilRights.Unspecified },
        { EnrollmentOutcome.NoPendingEnrollment, PupilRights.Unspecified },
    };

    [Fact]
    public void Bound_bound_without_rights_and_refused_each_look_and_sound_different()
    {
        var shown = Answers().Select(row => DeskFeedback.For((EnrollmentOutcome)row[0], (PupilRights)row[1])).ToList();

        foreach (var (a, i) in shown.Select((s, i) => (s, i)))
        {
            foreach (var b in shown.Skip(i + 1))
            {
                Assert.False(a.SequenceEqual(b));
            }
        }
        Assert.Same(DeskFeedback.Bound, DeskFeedback.For(EnrollmentOutcome.Bound, PupilRights.Unspecified));
        Assert.Same(DeskFeedback.Refused, DeskFeedback.For(EnrollmentOutcome.Unspecified, PupilRights.Unspecified));
    }

    [Fact]
    public void Bound_without_rights_is_amber_with_two_long_beeps_short_and_ends_dark_unlike_any_reader_pattern()
    {
        var steps = DeskFeedback.BoundWithoutRights;

        Assert.Equal(
            [(true, true, true), (true, true, false), (true, true, true), (true, true, false), (false, false, false)],
            steps.Select(s => (s.Green, s.Red, s.Buzzer)));
        Assert.Equal(FeedbackRhythm.Long, steps[1].At - steps[0].At);
        Assert.Equal(FeedbackRhythm.Long, steps[3].At - steps[2].At);
        Assert.True(steps[^1].At <= FeedbackRhythm.Longest);
        Assert.DoesNotContain(FeedbackPatterns.Defaults.Values, pattern => pattern.SequenceEqual(steps));
    }

    [LinuxFact]
    public async Task The_desk_board_shows_the_no_rights_pattern_step_by_step()
    {
        var expected = DeskFeedback.BoundWithoutRights.Select(s => (s.Green, s.Red, s.Buzzer)).ToList();
        await using var board = SimulatedBoard.StartOnPseudoTerminal(_support.LinkPath);
        var options = SimulatorTestSupport.Options(_support.LinkPath);
        await using var reader = new Pn532Reader(
            Options.Create(options), new ReaderTransportFactory(Options.Create(options)), TimeProvider.System, NullLogger<Pn532Reader>.Instance);
        await using var taps = TapCollector.Start(reader);
        await Eventually.Until(() => reader.IsConnected, "the reader to connect");

        await reader.ShowAsync(DeskFeedback.BoundWithoutRights, CancellationToken.None);
        await Eventually.Until(() => board.Feedback.Count >= expected.Count, "the no-rights pattern");
        // Nothing after the pattern: its last step is dark and nothing else writes the port.
        await Task.Delay(200);

        Assert.Equal(expected, board.Feedback.Select(f => (f.Green, f.Red, f.Buzzer)));
    }

    public void Dispose() => _support.Dispose();
}
