using StudentCard.Core.Passages;
using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests.Decisions;

/// <summary>A stored place name and its site: <see cref="ReaderPlace.SiteOf"/> undoes <see cref="ReaderPlace.Name"/>.</summary>
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
}
