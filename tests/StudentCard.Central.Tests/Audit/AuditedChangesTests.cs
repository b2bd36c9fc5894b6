using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.AllowList;
using StudentCard.Central.Audit;
using StudentCard.Central.Rights;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.Tests.Audit;

/// <summary>Identity and key changes made through Central's services land on the audit chain, without names, tokens or keys.</summary>
public sealed class AuditedChangesTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Enrollment_revocation_reissue_and_key_rotation_are_recorded_and_the_chain_verifies()
    {
        var token = new CardToken(new string('a', 32));
        var student = new NewStudent("S900001", "Kalomi", "Zorpel", "Harbour Lyceum", "7B", 2014, "Anira Zorpel");
        var now = DateTimeOffset.UtcNow;
        await _central.Enrollment.EnrollAsync(student, token);
        await _central.Services.GetRequiredService<RuleService>().GivePupilsAsync(
            RuleEditor.System("operator"), [new PupilRight(student.StudentNumber, new PurposeGrant(ReaderType.Gate, now.AddDays(-1), now.AddDays(100)))], "enrolled with a gate right");
        await _central.Enrollment.RevokeCardAsync(token);
        await _central.Enrollment.ReissueCardAsync("S900001", new CardToken(new string('b', 32)));
        await _central.Services.GetRequiredService<StudentCard.Central.Keys.KeyRotation>().BeginAsync(ReaderType.Gate);

        await using var audit = _central.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContext();
        var entries = await audit.Entries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(
            [AuditActions.Enrollment, AuditActions.RuleChanged, AuditActions.CardRevoked, AuditActions.CardReissued, AuditActions.KeyRotationBegun],
            entries.Select(e => e.Action));
        var text = string.Join("\n", entries.Select(e => $"{e.Actor} {e.Subject} {e.Reason}"));
        Assert.DoesNotContain("Kalomi", text);
        Assert.DoesNotContain("S900001", text);
        Assert.DoesNotContain(token.Value, text);
        Assert.True((await _central.Services.GetRequiredService<AuditLog>().VerifyAsync()).Intact);
    }
}
