using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>A stored place name, its site and its parts: <see cref="ReaderPlace.SiteOf"/> and <see cref="ReaderPlace.Parse"/> undo <see cref="ReaderPlace.Name"/>.</summary>
public sealed class ReaderPlaceTests
{
    [Theory]
    [InlineData(ReaderType.Gate, "north/main", "north")]
    [InlineData(ReaderType.Gate, "north", "north")]
    [InlineData(ReaderType.Library, "north", "north")]
    [InlineData(ReaderType.Bus, "r1", null)]
    [InlineData(ReaderType.Gate, null, null)]
    [InlineData(ReaderType.Library, "", null)]
    public void The_site_of_a_place_name(ReaderType purpose, string? name, string? site) =>
        Assert.Equal(site, ReaderPlace.SiteOf(purpose, name));

    [Fact]
    public void A_gate_places_name_gives_back_its_site()
    {
        var place = new ReaderPlace(ReaderType.Gate, "west", "annex", Direction: Direction.In);
        Assert.Equal("west", ReaderPlace.SiteOf(place.Purpose, place.Name));
    }

    [Theory]
    [InlineData(ReaderType.Gate, "north", "main", null)]
    [InlineData(ReaderType.Bus, null, null, "r1")]
    [InlineData(ReaderType.Library, "west", null, null)]
    public void Parse_gives_back_the_place_a_name_was_made_from(ReaderType purpose, string? site, string? zone, string? route)
    {
        var place = new ReaderPlace(purpose, site, zone, route);

        Assert.Equal(place, ReaderPlace.Parse(purpose, place.Name));
    }

    [Theory]
    [InlineData(ReaderType.Gate, "north")]
    [InlineData(ReaderType.Gate, "north/main/east")]
    [InlineData(ReaderType.Gate, "north/")]
    [InlineData(ReaderType.Gate, "north/Main")]
    [InlineData(ReaderType.Gate, "north/main\n")]
    [InlineData(ReaderType.Bus, "north/main")]
    [InlineData(ReaderType.Library, "north/main")]
    [InlineData(ReaderType.Library, "")]
    [InlineData(ReaderType.Bus, null)]
    public void Parse_refuses_what_is_no_place_of_that_kind(ReaderType purpose, string? name) =>
        Assert.Null(ReaderPlace.Parse(purpose, name));
}
