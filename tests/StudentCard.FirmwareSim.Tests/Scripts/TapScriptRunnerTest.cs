using StudentCard.FirmwareSim.Scripts;

namespace StudentCard.FirmwareSim.Tests.Scripts;

public sealed class TapScriptRunnerTest
{
    private readonly CardField _field = new();
    private readonly List<string> _log = [];

    public TapScriptRunnerTest() =>
        _field.Changed += c => _log.Add($"{(c.Present ? "+" : "-")}{c.Card.Uid.Length}");

    [Fact]
    public void TapPresentsCardForItsDurationThenRemovesIt()
    {
        Run("tap 04A1B2C3 300");

        Assert.Equal(["+4", "wait 300 with 1 card", "-4"], _log);
    }

    [Fact]
    public void PairPresentsBothCardsTogether()
    {
        Run("pair 04A1B2C3 04112233445566 200");

        Assert.Equal(["+4", "+7", "wait 200 with 2 cards", "-4", "-7"], _log);
    }

    [Fact]
    public void RepeatRunsItsBodyEachTime()
    {
        Run("repeat 2\n  hold 04A1B2C3\n  wait 10\n  clear\nend");

        Assert.Equal(["+4", "wait 10 with 1 card", "-4", "+4", "wait 10 with 1 card", "-4"], _log);
    }

    [Fact]
    public void VanishOnExchangeLeavesCardInFieldUntilAnExchange()
    {
        Run("vanish-on-exchange 04112233445566");

        var card = Assert.Single(_field.Cards);
        Assert.Equal(7, card.Uid.Length);
    }

    [Fact]
    public void StopsAtBadLineAndRunsNothingAfterIt()
    {
        var error = Assert.Throws<TapScriptException>(() => Run("hold 04A1B2C3\nwiat 100\nremove 04A1B2C3"));

        Assert.Equal(2, error.Line);
        Assert.Equal(["+4"], _log);
        Assert.Single(_field.Cards);
    }

    [Fact]
    public async Task BoardRunsScriptAgainstItsField()
    {
        await using var board = SimulatedBoard.StartOnTcp(0);

        await board.RunScriptAsync(new StringReader("hold 04A1B2C3\nhold 04112233445566\nremove 04A1B2C3\n"), CancellationToken.None);

        Assert.Equal(7, Assert.Single(board.Field.Cards).Uid.Length);
    }

    private void Run(string script)
    {
        var runner = new TapScriptRunner(_field, (delay, _) =>
        {
            var count = _field.Cards.Count;
            _log.Add($"wait {delay.TotalMilliseconds} with {count} card{(count == 1 ? string.Empty : "s")}");
            return Task.CompletedTask;
        });
        runner.RunAsync(new StringReader(script), CancellationToken.None).GetAwaiter().GetResult();
    }
}
