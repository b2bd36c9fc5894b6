using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Core;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// A zip bomb uploaded on the roster page by a signed-in operator: refused with a message naming the file, nothing
/// imported, its upload deleted, Central's memory a small fraction of what the bomb inflates to, and Central still
/// serving its pages and a valid roster. An upload past the configured size is refused and not kept.
/// </summary>
[Collection(MemoryMeasured.Name)]
public sealed partial class RosterUploadLimitsTests : IAsyncLifetime
{
    private const long Megabyte = 1024 * 1024;

    private AdminSite _site = null!;

    public async Task InitializeAsync() => _site = await AdminSite.StartAsync("--Rosters:MaxUploadBytes=4194304");

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private RosterUploads Uploads => _site.Central.Services.GetRequiredService<RosterUploads>();

    private async Task<AdminClient> OperatorAsync()
    {
        var password = await _site.AccountAsync("otto", StaffRole.Operator);
        var client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("otto", password)).StatusCode);
        return client;
    }

    /// <summary>Posts the upload form as a browser without script does; the answer is the page with the job's result.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(AdminClient client, byte[] content, string fileName)
    {
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await client.TextAsync("/Roster")).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "Upload", fileName },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Roster?handler=Preview") { Content = form };
        return await client.SendAsync(request);
    }

    private static byte[] ValidRoster(string directory) => File.ReadAllBytes(SyntheticOneRoster.Generate(5).WriteZip(Path.Combine(directory, "roster.zip")));

    [Fact]
    public async Task A_zip_bomb_is_refused_with_a_message_memory_stays_bounded_and_Central_keeps_serving()
    {
        var otto = await OperatorAsync();
        var valid = ValidRoster(_site.Central.Directory.Path);
        // The first preview warms the page, the job runner and the vault, so the measurement sees the bomb alone.
        Assert.Contains("data-testid=\"roster-commit\"", await (await UploadAsync(otto, valid, "roster.zip")).Content.ReadAsStringAsync());
        var bomb = RosterBombs.BombZip;
        Assert.True(bomb.Length < 4 * Megabyte, $"The bomb is {bomb.Length} bytes.");
        var memory = MemoryGrowth.Start();

        var response = await UploadAsync(otto, bomb, "roster.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The roster file users.csv is larger than 100 MB uncompressed; nothing was imported.", page);
        Assert.DoesNotContain("data-testid=\"roster-commit\"", page);
        // Read as text, the 2 GB would take 4 GB; its upload is received, kept and refused within a few times its own size.
        Assert.True(memory.Allocated < 64 * Megabyte, memory.ToString());
        Assert.True(memory.Retained < 16 * Megabyte, memory.ToString());
        // The bomb's upload is gone; the previewed valid roster is the one upload still kept, owner-only.
        var kept = Assert.Single(Directory.GetFiles(Uploads.Folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(OwnerOnlyModes.File, File.GetUnixFileMode(kept));
            Assert.Equal(OwnerOnlyModes.Folder, File.GetUnixFileMode(Uploads.Folder));
        }

        Assert.Equal(HttpStatusCode.OK, (await otto.GetAsync("/healthz")).StatusCode);
        var again = WebUtility.HtmlDecode(await (await UploadAsync(otto, valid, "roster.zip")).Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"count-new\">5<", again);
        Assert.Contains("data-testid=\"roster-commit\"", again);
    }

    [Fact]
    public async Task An_upload_past_the_configured_size_is_refused_and_nothing_is_kept()
    {
        var otto = await OperatorAsync();

        var response = await UploadAsync(otto, new byte[5 * Megabyte], "roster.zip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The file is larger than 4 MB; upload the OneRoster export itself.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.False(Directory.Exists(Uploads.Folder) && Directory.EnumerateFiles(Uploads.Folder).Any());
        Assert.Equal(HttpStatusCode.OK, (await otto.GetAsync("/Roster")).StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
