using StudentCard.FirmwareSim.Scripts;

namespace StudentCard.FirmwareSim.Tests.Scripts;

public sealed class TapScriptParserTest
{
    [Fact]
    public void ParsesEveryCommand()
    {
        var steps = TapScriptParser.ParseAll("""
            # morning arrivals
            tap 04A1B2C3 300
            hold 04112233445566   # stays on the reader
            remove 04112233445566
            wait 1500
            pair 04A1B2C3 04112233445566 200
            clear
            vanish-on-exchange 04A1B2C3
            repeat 3
              tap 04A1B2C3 100
              wait 50
            end
            """);

        Assert.Collection(
            steps,
            s => Assert.Equal(TimeSpan.FromMilliseconds(300), Assert.IsType<TapCard>(s).Stay),
            s => Assert.Equal(7, Assert.IsType<HoldCard>(s).Card.Uid.Length),
            s => Assert.IsType<RemoveCard>(s),
            s => Assert.Equal(TimeSpan.FromMilliseconds(1500), Assert.IsType<Wait>(s).Duration),
            s => Assert.Equal(4, Assert.IsType<TapPair>(s).First.Uid.Length),
            s => Assert.IsType<ClearField>(s),
            s => Assert.IsType<VanishOnExchange>(s),
            s =>
            {
                var repeat = Assert.IsType<Repeat>(s);
                Assert.Equal((9, 3, 2), (repeat.Line, repeat.Count, repeat.Body.Count));
            });
    }

    [Theory]
    [InlineData("hold 04112233445566 desfire", 0x0344, 0x20)]
    [InlineData("tap 04112233445566 300 DESFire", 0x0344, 0x20)]
    [InlineData("vanish-on-exchange 04112233445566 desfire", 0x0344, 0x20)]
    [InlineData("pair 04112233445566 04112233445567 100 desfire", 0x0344, 0x20)]
    [InlineData("hold 04112233445566 ntag", 0x0044, 0x00)]
    [InlineData("hold 04A1B2C3 classic", 0x0004, 0x08)]
    [InlineData("hold 04112233445566", 0x0044, 0x00)]
    public void CardTypeWordChoosesTheCard(string line, int atqa, int sak)
    {
        var card = TapScriptParser.ParseAll(line).Single() switch
        {
            HoldCard hold => hold.Card,
            TapCard tap => tap.Card,
            VanishOnExchange vanish => vanish.Card,
            TapPair pair => pair.Second,
            var other => throw new InvalidOperationException(other.ToString()),
        };

        Assert.Equal((atqa, sak), (card.Atqa, card.Sak));
    }

    [Fact]
    public void ParsesNestedRepeat()
    {
        var steps = TapScriptParser.ParseAll("repeat 2\nrepeat 3\nwait 1\nend\nend\n");

        var outer = Assert.IsType<Repeat>(Assert.Single(steps));
        var inner = Assert.IsType<Repeat>(Assert.Single(outer.Body));
        Assert.Equal(3, inner.Count);
    }

    [Theory]
    [InlineData("tap 04A1B2C3 300\ntapp 04A1B2C3 300", 2, "unknown command 'tapp'")]
    [InlineData("tap 04A1B2C3", 1, "expected 'tap <UIDHEX> <ms>'")]
    [InlineData("wait soon", 1, "duration in milliseconds")]
    [InlineData("wait -5", 1, "duration in milliseconds")]
    [InlineData("hold 04A1B2", 1, "4 or 7 bytes")]
    [InlineData("# header\n\nhold 04A1B2C3\nremove XYZ", 4, "4 or 7 bytes")]
    [InlineData("pair 04A1B2C3 04A1B2C3 10", 1, "two different cards")]
    [InlineData("repeat 0\nend", 1, "n from 1")]
    [InlineData("clear\nend", 2, "'end' without 'repeat'")]
    [InlineData("repeat 2\nwait 1", 1, "'repeat' without 'end'")]
    [InlineData("hold 04112233445566 mifare", 1, "unknown card type 'mifare'")]
    [InlineData("hold 04A1B2C3 desfire", 1, "7-byte UID")]
    [InlineData("hold 04112233445566 desfire now", 1, "expected 'hold <UIDHEX>' or 'hold <UIDHEX> <classic|ntag|desfire>'")]
    [InlineData("remove 04112233445566 desfire", 1, "expected 'remove <UIDHEX>'")]
    public void ReportsBadLineWithItsNumber(string script, int line, string problem)
    {
        var error = Assert.Throws<TapScriptException>(() => TapScriptParser.ParseAll(script));

        Assert.Equal(line, error.Line);
        Assert.StartsWith($"line {line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeverEchoesAUidInAnError()
    {
        var error = Assert.Throws<TapScriptException>(() => TapScriptParser.ParseAll("04A1B2C3 tap 100"));

        Assert.DoesNotContain("04A1B2C3", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
