using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests.Decisions;

public sealed class RollCallTests
{
    private static readonly DateTimeOffset Reset = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static RollCall.GatePassage P(string who, Direction direction, int minutes, bool allowed = true, string zone = "main") =>
        new(who, zone, direction, Reset.AddMinutes(minutes), allowed);

    [Fact]
    public void The_last_passage_let_through_since_the_reset_decides()
    {
        var inside = RollCall.Inside(
        [
            P("a", Direction.In, 300),                               // in since 07:00
            P("b", Direction.In, 300), P("b", Direction.Out, 600),   // came and went
            P("c", Direction.Out, 610), P("c", Direction.In, 400),   // out of order: the later one counts
            P("d", Direction.In, -60),                               // yesterday's forgotten exit
            P("e", Direction.In, 320), P("e", Direction.Out, 330, allowed: false), // a refused exit moves nobody
            P("f", Direction.Out, 340),                              // an exit without an entry
            P("g", Direction.In, 350, zone: "annex"),
        ], Reset);

        Assert.Equal(["a", "e", "g"], inside.Select(p => p.Pseudonym));
        Assert.Equal("annex", inside.Single(p => p.Pseudonym == "g").Zone);
        Assert.Equal(Reset.AddMinutes(300), inside[0].Since);
    }

    [Fact]
    public void Nobody_is_inside_without_passages() => Assert.Empty(RollCall.Inside([], Reset));
}
