using Microsoft.EntityFrameworkCore;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Rights;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core;
using StudentCard.Core.Keys;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.CardEnrollment;

/// <summary>Each bad enrollment input gives a clear error and leaves both stores exactly as they were.</summary>
public sealed class BadEnrollmentInputTests : IAsyncLifetime
{
    private readonly IReadOnlyList<SyntheticStudent> _pupils = SyntheticRoster.Generate(4, seed: 77);
    private TestCentral _central = null!;

    public async Task InitializeAsync()
    {
        _central = await TestCentral.StartAsync();
        await _central.Services.EnrollAsync(_pupils.Take(2), Roster.Valid(ReaderType.Gate));
        await _central.Enrollment.RevokeCardAsync(Roster.Token(_pupils[1], _central.Keys), CardStatus.Lost);
    }

    public async Task DisposeAsync() => await _central.DisposeAsync();

    /// <summary>Every row of both stores, as text, so "nothing changed" is one comparison.</summary>
    private async Task<string> StoresAsync()
    {
        await using var vault = _central.VaultDb();
        await using var central = _central.CentralDb();
        var parts = new List<string>();
        parts.AddRange(await vault.Students.OrderBy(s => s.Id).Select(s => $"S {s.Id} {s.StudentNumber} {s.GivenName}").ToListAsync());
        parts.AddRange(await vault.Cards.OrderBy(c => c.Id).Select(c => $"C {c.Id} {c.StudentId} {c.CardToken} {c.Status}").ToListAsync());
        parts.AddRange(await vault.StudentPurposes.OrderBy(p => p.StudentId).Select(p => $"P {p.StudentId} {p.Purpose}").ToListAsync());
        parts.AddRange(await vault.AccessRules.OrderBy(r => r.Id).Select(r => $"R {r.Id} {r.Purpose} {r.Name}").ToListAsync());
        parts.AddRange(await central.Entitlements.OrderBy(e => e.Id).Select(e => $"E {e.Id} {e.Purpose} {e.Pseudonym} {e.KeyVersion}").ToListAsync());
        parts.AddRange(await central.AllowListVersions.OrderBy(v => v.Purpose).Select(v => $"V {v.Purpose} {v.Version}").ToListAsync());
        return string.Join("\n", parts);
    }

    private async Task RefusedAsync(Func<Task> attempt, EnrollmentError expected, string message)
    {
        var before = await StoresAsync();

        var error = await Assert.ThrowsAsync<EnrollmentException>(attempt);

        Assert.Equal(expected, error.Error);
        Assert.Contains(message, error.Message);
        Assert.Equal(before, await StoresAsync());
    }

    [Fact]
    public Task An_already_enrolled_card_for_a_new_student() =>
        RefusedAsync(() => _central.Enrollment.EnrollAsync(Roster.Student(_pupils[2]), Roster.Token(_pupils[0], _central.Keys)),
            EnrollmentError.CardAlreadyEnrolled, "already enrolled");

    [Fact]
    public Task A_lost_card_for_a_new_student() =>
        RefusedAsync(() => _central.Enrollment.EnrollAsync(Roster.Student(_pupils[2]), Roster.Token(_pupils[1], _central.Keys)),
            EnrollmentError.CardRevoked, "lost or revoked");

    [Fact]
    public Task A_lost_card_reissued() =>
        RefusedAsync(() => _central.Enrollment.ReissueCardAsync(_pupils[0].StudentNumber, Roster.Token(_pupils[1], _central.Keys)),
            EnrollmentError.CardRevoked, "lost or revoked");

    [Fact]
    public Task A_reissue_for_an_unknown_student() =>
        RefusedAsync(() => _central.Enrollment.ReissueCardAsync(_pupils[3].StudentNumber, Roster.RandomToken()),
            EnrollmentError.UnknownStudent, "No student");

    [Fact]
    public Task A_malformed_card_token() =>
        RefusedAsync(() => _central.Enrollment.EnrollAsync(Roster.Student(_pupils[2]), new Core.Identifiers.CardToken("04A1B2C3")),
            EnrollmentError.InvalidRequest, "32 lowercase hex");

    [Fact]
    public async Task A_missing_purpose_key()
    {
        // Central's ring without a library key, as when the key file lost that purpose.
        var keys = (StudentCard.Central.Keys.CentralKeys)_central.Services.GetService(typeof(StudentCard.Central.Keys.CentralKeys))!;
        var full = keys.Ring;
        keys.Replace(new KeyRing(full.Site, [(ReaderType.Gate, full.Current(ReaderType.Gate)), (ReaderType.Bus, full.Current(ReaderType.Bus))]));

        await _central.Enrollment.EnrollAsync(Roster.Student(_pupils[2]), Roster.Token(_pupils[2], full));
        var before = await StoresAsync();

        var error = await Assert.ThrowsAsync<RuleChangeRefused>(() => _central.Services.GiveAsync([_pupils[2]], Roster.Valid(ReaderType.Library)));

        Assert.Contains("holds no library key", error.Message);
        Assert.Equal(before, await StoresAsync());
    }

    [Fact]
    public async Task A_malformed_key_file_stops_the_start_with_its_reason_and_leaves_the_stores_alone()
    {
        var before = await StoresAsync();
        var keyFile = Path.Combine(_central.Directory.Path, "bad-keys.json");
        await File.WriteAllTextAsync(keyFile, """{"format":"studentcard-keys/1","site":{"version":1,"key":"c2hvcnQ="},"purposes":{}}""");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var error = await Assert.ThrowsAsync<KeyFileException>(() => TestCentral.StartInAsync(_central.Directory, null, $"--Central:KeyFile={keyFile}"));

        Assert.Contains("is not 32 bytes of base64", error.Message);
        Assert.DoesNotContain("c2hvcnQ", error.Message);
        Assert.Equal(before, await StoresAsync());
    }
}
