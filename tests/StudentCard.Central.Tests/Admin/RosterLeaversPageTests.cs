using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Admin.Pages.Roster;
using StudentCard.Central.Rosters;
using StudentCard.Central.Staff;
using StudentCard.Central.Tests.Rosters;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Local;
using StudentCard.Tests.Shared;

namespace StudentCard.Central.Tests.Admin;

/// <summary>
/// The roster page without script: a full export that would empty a school is refused at the commit until the box is
/// ticked, and a commit whose school lost pupils since its preview (another import) is refused too; each refusal says
/// how many would leave and changes nothing.
/// </summary>
public sealed partial class RosterLeaversPageTests : IAsyncLifetime
{
    private static readonly SyntheticOneRoster Export = SyntheticOneRoster.Generate(30);
    private static readonly string School = Export.Pupils[1].School;
    private readonly TempDirectory _files = new();
    private AdminSite _site = null!;
    private AdminClient _client = null!;

    public async Task InitializeAsync()
    {
        _site = await AdminSite.StartAsync();
        var password = await _site.AccountAsync("otto", StaffRole.Operator);
        _client = _site.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await _client.SignInAsync("otto", password)).StatusCode);
        Assert.True((await Import.CommitAsync(RosterLeaverTests.Source(Export))).Committed);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _site.DisposeAsync();
        _files.Dispose();
    }

    private RosterImport Import => _site.Central.Services.GetRequiredService<RosterImport>();

    [Fact]
    public async Task A_full_export_emptying_a_school_is_committed_only_with_the_box_ticked()
    {
        var kept = Export.Pupils.First(p => p.School == School);
        var schoolPupils = Export.Pupils.Count(p => p.School == School);
        var preview = await PreviewAsync(RosterLeaverTests.Only(Export, kept.StudentNumber), full: true);
        Assert.Contains("data-testid=\"leavers-past-share\"", preview);
        Assert.Contains($"{schoolPupils - 1} of {schoolPupils} active pupils leave.", WebUtility.HtmlDecode(preview));
        var uploadId = UploadIdPattern().Match(preview).Groups[1].Value;
        var before = await ActiveAsync();
        var auditBefore = (await _site.AuditAsync()).Count;

        var refused = await CommitAsync(uploadId, confirm: false);

        Assert.Contains($"Nothing was imported: {schoolPupils - 1} of the {schoolPupils} active pupils of {School} would leave, more than the 20% a full export may take unconfirmed.",
            WebUtility.HtmlDecode(refused));
        Assert.Contains("tick the confirmation and commit again.", refused);
        Assert.Contains("data-testid=\"confirm-leavers\"", refused);
        Assert.Equal(before, await ActiveAsync());
        Assert.Equal(auditBefore, (await _site.AuditAsync()).Count);

        var confirmed = await CommitAsync(uploadId, confirm: true);

        Assert.Contains("The roster was imported.", confirmed);
        Assert.Equal(before.Count - (schoolPupils - 1), (await ActiveAsync()).Count);
        Assert.Contains(await _site.AuditAsync(), e => e.Action == IndexModel.CommitRequested && e.Actor == "otto" && e.Reason.Contains($"{schoolPupils - 1} absent from the full export", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_commit_whose_school_lost_pupils_since_its_preview_is_refused_and_changes_nothing()
    {
        var school = Export.Pupils.Where(p => p.School == School).ToList();
        var preview = await PreviewAsync(RosterLeaverTests.Without(Export, school[0].StudentNumber), full: true);
        Assert.DoesNotContain("data-testid=\"leavers-past-share\"", preview);
        var uploadId = UploadIdPattern().Match(preview).Groups[1].Value;
        // Meanwhile another import marks all but two of the school's other pupils inactive: the one leaver is now past the share.
        var meanwhile = Export.Keeping(_ => true);
        foreach (var pupil in school.Skip(3))
        {
            meanwhile.User("stu-" + pupil.StudentNumber[1..])["status"] = "tobedeleted";
        }
        Assert.True((await Import.CommitAsync(RosterLeaverTests.Source(meanwhile))).Committed);
        var before = await ActiveAsync();

        var refused = WebUtility.HtmlDecode(await CommitAsync(uploadId, confirm: false));

        Assert.Contains($"Nothing was imported: 1 of the 3 active pupils of {School} would leave", refused);
        Assert.Contains("upload it again and confirm.", refused);
        Assert.DoesNotContain("The roster was imported.", refused);
        Assert.Equal(before, await ActiveAsync());
    }

    private async Task<string> PreviewAsync(SyntheticOneRoster roster, bool full)
    {
        var zip = roster.WriteZip(Path.Combine(_files.Path, Guid.NewGuid().ToString("N") + ".zip"));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(await _client.TextAsync("/Roster")).Groups[1].Value);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(zip)), "Upload", "export.zip" },
            { new StringContent(full ? "true" : "false"), "FullExport" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Roster?handler=Preview") { Content = form };
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<string> CommitAsync(string uploadId, bool confirm)
    {
        var fields = new Dictionary<string, string> { ["UploadId"] = uploadId };
        if (confirm)
        {
            fields["ConfirmLeavers"] = "true";
        }
        var response = await _client.PostFormAsync("/Roster", fields, handler: "Commit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<string>> ActiveAsync()
    {
        await using var vault = await _site.Central.Services.GetRequiredService<IDbContextFactory<VaultDbContext>>().CreateDbContextAsync();
        return (await vault.Students.Where(s => s.DeactivatedAt == null).Select(s => s.StudentNumber).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"UploadId\" value=\"([0-9a-f]+)\"")]
    private static partial Regex UploadIdPattern();
}
