using Microsoft.Extensions.Options;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Keys;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Tests.Admin;

/// <summary>Sign-in settings outside the seed policy stop Central's start, naming the setting.</summary>
public sealed class AdminOptionsTests
{
    [Theory]
    [InlineData("PasswordMaxAgeDays", "93")]
    [InlineData("PasswordMaxAgeDays", "0")]
    [InlineData("MaxFailedSignIns", "0")]
    [InlineData("MinimumPasswordLength", "8")]
    [InlineData("LockoutMinutes", "0")]
    [InlineData("Port", "70000")]
    [InlineData("BindAddress", "not-an-address")]
    public async Task A_setting_outside_its_range_is_refused_at_start(string setting, string value)
    {
        using var directory = new TempDirectory();
        KeyFile.Write(Path.Combine(directory.Path, "keys.json"), KeyRing.Generate());
        await using var app = CentralApp.Build([.. TestCentral.Arguments(directory), $"--Admin:{setting}={value}"]);

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(setting, refused.Message);
    }
}
