using StudentCard.Central.Rosters;

namespace StudentCard.Central.Tests.Rosters;

public class CsvTableTests
{
    [Fact]
    public void Fields_are_read_by_header_with_quotes_doubled_quotes_line_breaks_and_a_byte_order_mark()
    {
        var errors = new List<RosterError>();
        const string text = "\uFEFFsourcedId,givenName,familyName\r\n\"a,1\",\"Say \"\"hi\"\"\",Zor\r\nb-2,\"two\nlines\",  Pel  \n\nc-3,,\n";

        var table = CsvTable.Read("users.csv", new StringReader(text), errors);

        Assert.Empty(errors);
        Assert.Equal(["sourcedId", "givenName", "familyName"], table.Header);
        Assert.Equal([2, 3, 6], table.Rows.Select(r => r.Line));
        Assert.Equal("a,1", table.Value(table.Rows[0], "SOURCEDID"));
        Assert.Equal("Say \"hi\"", table.Value(table.Rows[0], "givenName"));
        Assert.Equal("two\nlines", table.Value(table.Rows[1], "givenName"));
        Assert.Equal("Pel", table.Value(table.Rows[1], "familyName"));
        Assert.Equal("", table.Value(table.Rows[2], "email"));
    }

    [Theory]
    [InlineData("sourcedId,givenName\na,b,c\n", 2, "has 3 fields")]
    [InlineData("sourcedId,givenName\na,b\nc,\"open\n", 3, "not closed")]
    [InlineData("", 1, "empty")]
    public void A_row_that_cannot_be_read_is_an_error_on_its_line(string text, int line, string reason)
    {
        var errors = new List<RosterError>();

        CsvTable.Read("users.csv", new StringReader(text), errors);

        var error = Assert.Single(errors);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason);
    }
}
