using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests.Decisions;

public sealed class ImpossibleJourneyTests
{
    private static readonly GeoPoint Paris = new(48.8566, 2.3522);
    private static readonly GeoPoint Versailles = new(48.8049, 2.1204);
    private static readonly GeoPoint ParisAnnex = new(48.8600, 2.3550);
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    // Paris to Versailles is about 18 km: 5 minutes would need ~215 km/h; 30 minutes ~36 km/h.
    [InlineData(5, true)]
    [InlineData(30, false)]
    // The same instant at two distant places.
    [InlineData(0, true)]
    public void Two_sites_apart(int minutes, bool flagged)
    {
        var result = ImpossibleJourney.Check(new Sighting("gate-1", Paris, Morning), new Sighting("gate-9", Versailles, Morning.AddMinutes(minutes)));
        Assert.Equal(flagged, result is not null);
        if (result is { } r)
        {
            Assert.InRange(r.DistanceKm, 17, 19);
        }
    }

    [Fact]
    public void Neighbouring_buildings_are_never_flagged() =>
        Assert.Null(ImpossibleJourney.Check(new Sighting("gate-1", Paris, Morning), new Sighting("gate-2", ParisAnnex, Morning)));

    [Fact]
    public void Order_of_the_sightings_does_not_matter() =>
        Assert.NotNull(ImpossibleJourney.Check(new Sighting("gate-9", Versailles, Morning.AddMinutes(2)), new Sighting("gate-1", Paris, Morning)));
}
