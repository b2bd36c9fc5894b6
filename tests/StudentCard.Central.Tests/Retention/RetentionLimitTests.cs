using Microsoft.Extensions.Options;
using StudentCard.Central.Retention;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Keys;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Retention;

/// <summary>A retention above its hard maximum in code stops Central's start with a message naming the setting and the maximum.</summary>
public sealed class RetentionLimitTests
{
    [Theory]
    [InlineData("Gate", "31.00:00:01", "Retention:Gate is 31.00:00:01, above the hard maximum of 31.00:00:00 for gate passages")]
    [InlineData("Bus", "8.00:00:00", "Retention:Bus is 8.00:00:00, above the hard maximum of 7.00:00:00 for bus passages")]
    [InlineData("Library", "1.00:00:01", "Retention:Library is 1.00:00:01, above the hard maximum of 1.00:00:00 for library passages")]
    [InlineData("Statistics", "1100.00:00:00", "Retention:Statistics is 1100.00:00:00, above the hard maximum of 1098.00:00:00 for anonymous counts")]
    [InlineData("Audit", "733.00:00:00", "Retention:Audit is 733.00:00:00, above the hard maximum of 732.00:00:00 for the audit log")]
    public async Task A_retention_above_its_hard_maximum_is_refused_at_start(string setting, string value, string message)
    {
        using var directory = new TempDirectory();
        KeyFile.Write(Path.Combine(directory.Path, "keys.json"), KeyRing.Generate());
        await using var app = CentralApp.Build([.. TestCentral.Arguments(directory), $"--Retention:{setting}={value}"]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(message, refused.Message);
        Assert.Contains("no setting can exceed it", refused.Message);
    }

    [Fact]
    public async Task The_hard_maxima_themselves_are_accepted_and_the_defaults_are_the_design_defaults()
    {
        using var directory = new TempDirectory();
        KeyFile.Write(Path.Combine(directory.Path, "keys.json"), KeyRing.Generate());
        var clock = RetentionCentral.Clock();
        await using var central = await RetentionCentral.StartAsync(directory, clock,
            $"--Retention:Gate={RetentionLimits.Gate}", $"--Retention:Bus={RetentionLimits.Bus}", $"--Retention:Library={RetentionLimits.Library}");

        var defaults = new RetentionOptions();
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromHours(48), TimeSpan.FromHours(24), TimeSpan.FromDays(365), TimeSpan.FromDays(365)),
            (defaults.Gate, defaults.Bus, defaults.Library, defaults.Statistics, defaults.Audit));
        Assert.NotNull(central.Sweeper);
    }

    [Fact]
    public async Task An_audit_retention_below_its_minimum_is_refused_too()
    {
        using var directory = new TempDirectory();
        KeyFile.Write(Path.Combine(directory.Path, "keys.json"), KeyRing.Generate());
        await using var app = CentralApp.Build([.. TestCentral.Arguments(directory), "--Retention:Audit=1.00:00:00"]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Retention:Audit is 1.00:00:00, below the minimum of 31.00:00:00", refused.Message);
    }
}
