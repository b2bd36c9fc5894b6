namespace StudentCard.FirmwareSim.Tests.Cards;

public sealed class CardFieldTest
{
    [Theory]
    [InlineData("04A1B2C3", 4, 0x0004, 0x08)]
    [InlineData("04:11:22:33:44:55:66", 7, 0x0044, 0x00)]
    [InlineData("04-11-22-33-44-55-66", 7, 0x0044, 0x00)]
    public void BuildsCardFromHexWithTypeDefaults(string hex, int length, int atqa, int sak)
    {
        var card = SimulatedCard.FromHex(hex);

        Assert.Equal(length, card.Uid.Length);
        Assert.Equal(atqa, card.Atqa);
        Assert.Equal(sak, card.Sak);
    }

    [Theory]
    [InlineData("04A1B2")]
    [InlineData("04A1B2C3D4")]
    [InlineData("04A1B2ZZ")]
    public void RejectsBadUidWithoutEchoingIt(string hex)
    {
        var error = Assert.Throws<FormatException>(() => SimulatedCard.FromHex(hex));

        Assert.DoesNotContain(hex, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToStringNeverShowsTheUid()
    {
        var card = SimulatedCard.FromHex("04A1B2C3");

        Assert.DoesNotContain("A1B2", card.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("161", card.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsArrivalsAndDeparturesOnce()
    {
        var field = new CardField();
        var changes = new List<CardFieldChange>();
        field.Changed += changes.Add;
        var first = SimulatedCard.FromHex("04A1B2C3");
        var second = SimulatedCard.FromHex("04112233445566");

        field.Present(first);
        field.Present(SimulatedCard.FromHex("04A1B2C3"));
        field.Present(second);
        field.Remove(first.Uid);
        field.Remove(first.Uid);
        field.Clear();

        Assert.Equal([true, true, false, false], changes.Select(c => c.Present));
        Assert.Empty(field.Cards);
    }

    [Fact]
    public void ListsCardsInArrivalOrder()
    {
        var field = new CardField();
        field.Present(SimulatedCard.FromHex("04112233445566"));
        field.Present(SimulatedCard.FromHex("04A1B2C3"));

        Assert.Equal([7, 4], field.Cards.Select(c => c.Uid.Length));
    }
}
