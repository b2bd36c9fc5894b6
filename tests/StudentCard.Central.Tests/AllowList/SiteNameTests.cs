using Microsoft.Extensions.Options;
using StudentCard.Central.AllowList;

namespace StudentCard.Central.Tests.AllowList;

/// <summary>Central validates its Access section's data annotations at start; a site's name must be an identifier.</summary>
public sealed class SiteNameTests
{
    private static ValidateOptionsResult Validate(params string[] sites) =>
        new DataAnnotationValidateOptions<AccessOptions>(Options.DefaultName).Validate(
            Options.DefaultName,
            new AccessOptions { Sites = sites.Select(name => new AccessOptions.SiteOptions { Name = name }).ToList() });

    [Fact]
    public void Site_names_that_are_identifiers_pass()
    {
        Assert.True(Validate("north", "west-2").Succeeded);
    }

    [Theory]
    [InlineData("north\n")]
    [InlineData("-north")]
    [InlineData("North")]
    [InlineData("north/main")]
    public void Any_other_site_name_stops_the_start_and_says_why(string name)
    {
        var result = Validate("west", name);

        Assert.True(result.Failed);
        Assert.Contains("Access:Sites:Name must be 1-64 of a-z, 0-9 and '-', starting with a letter or digit", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_without_a_name_stops_the_start()
    {
        Assert.True(Validate("west", "").Failed);
    }
}
