using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StudentCard.Central.Audit;
using StudentCard.Central.CardEnrollment;
using StudentCard.Central.Vault;
using StudentCard.Core.Identifiers;

namespace StudentCard.Central.DeskApi;

/// <summary>
/// The enrollment desk's work: a staff member opens a pending enrollment for a student already in
/// the vault, the desk's next tap brings the card token, and <see cref="EnrollmentService"/> binds it
/// (entitlements for the student's purposes, allow-list versions bumped and announced). A refused tap
/// changes nothing and leaves the pending enrollment open for the right card.
/// </summary>
public sealed class DeskEnrollment(
    IDbContextFactory<VaultDbContext> vaults,
    EnrollmentService enrollment,
    PendingEnrollments pending,
    IOptions<EnrollmentDeskOptions> options,
    TimeProvider time,
    ILogger<DeskEnrollment> logger,
    AuditLog? audit = null)
{
    public const string OpenAction = "identity.desk-open";
    public const string BindAction = "identity.desk-bind";

    // One tap is bound at a time, so a pending enrollment is used once even when two taps race.
    private readonly SemaphoreSlim _binding = new(1, 1);

    /// <summary>Opens the desk's pending enrollment (replacing any earlier one); refuses an unknown student or the wrong kind.</summary>
    public async Task<PendingEnrollment> OpenAsync(string deskId, string studentNumber, DeskEnrollmentKind kind, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(studentNumber) || studentNumber.Length > 32)
        {
            throw new EnrollmentException(EnrollmentError.InvalidRequest, "A student number is 1 to 32 characters.");
        }
        if (!Enum.IsDefined(kind))
        {
            throw new EnrollmentException(EnrollmentError.InvalidRequest, "Say whether this is a first card or a re-issue.");
        }
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        var studentId = await vault.Students.Where(s => s.StudentNumber == studentNumber).Select(s => (long?)s.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new EnrollmentException(EnrollmentError.UnknownStudent, "No student with this student number is in the vault; import or enroll them first.");
        var hasCard = await vault.Cards.AnyAsync(c => c.StudentId == studentId, cancellationToken);
        if (kind == DeskEnrollmentKind.FirstCard && hasCard)
        {
            throw new EnrollmentException(EnrollmentError.StudentAlreadyEnrolled, "This student already has a card; open a re-issue to replace it.");
        }
        if (kind == DeskEnrollmentKind.Reissue && !hasCard)
        {
            throw new EnrollmentException(EnrollmentError.InvalidRequest, "This student has no card yet; open a first-card enrollment instead.");
        }
        var opened = new PendingEnrollment(deskId, studentId, studentNumber, kind, time.GetUtcNow().AddMinutes(options.Value.PendingMinutes));
        pending.Open(opened);
        logger.LogInformation("Desk {DeskId} opened a {Kind} enrollment for vault student {StudentId}", deskId, kind, studentId);
        await RecordAsync(deskId, OpenAction, studentId, $"{Describe(kind)} enrollment opened at the desk", cancellationToken);
        return opened;
    }

    public bool Cancel(string deskId) => pending.Cancel(deskId);

    /// <summary>Binds a tapped card to the desk's pending enrollment; every refusal says why and changes nothing.</summary>
    public async Task<DeskBinding> SubmitAsync(string deskId, CardToken token, CancellationToken cancellationToken = default)
    {
        if (!PurposePseudonym.IsWellFormed(token.Value))
        {
            return new DeskBinding(DeskBindingOutcome.InvalidCardToken, "The desk sent a malformed card token (32 lowercase hex characters expected); check the desk's key file.");
        }
        await _binding.WaitAsync(cancellationToken);
        try
        {
            var open = pending.Find(deskId);
            if (open is null)
            {
                return new DeskBinding(DeskBindingOutcome.NoPendingEnrollment, "No enrollment is open at this desk (or it expired); open one for the student, then tap the card.");
            }
            var refusal = await CheckStillFirstCardAsync(open, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }
            try
            {
                // A re-issue revokes the student's issued cards; for a first card there are none, so the same call binds it.
                await enrollment.ReissueCardAsync(open.StudentNumber, token, cancellationToken);
            }
            catch (EnrollmentException e)
            {
                if (e.Error == EnrollmentError.UnknownStudent)
                {
                    pending.Close(open);
                }
                logger.LogWarning("Desk {DeskId} tap refused for vault student {StudentId}: {Error}", deskId, open.StudentId, e.Error);
                return Refused(e);
            }
            pending.Close(open);
            var hasRights = await HoldsAnyRightAsync(open.StudentId, cancellationToken);
            logger.LogInformation("Desk {DeskId} bound a {Kind} card to vault student {StudentId} (rights held: {HasRights})", deskId, open.Kind, open.StudentId, hasRights);
            await RecordAsync(deskId, BindAction, open.StudentId, $"{Describe(open.Kind)} bound at the desk", cancellationToken);
            return new DeskBinding(DeskBindingOutcome.Bound, BoundMessage(open.Kind, hasRights), hasRights);
        }
        finally
        {
            _binding.Release();
        }
    }

    private async Task<bool> HoldsAnyRightAsync(long studentId, CancellationToken cancellationToken)
    {
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        return await StudentRights.HoldsAnyAsync(vault, studentId, time.GetUtcNow(), cancellationToken);
    }

    private static string BoundMessage(DeskEnrollmentKind kind, bool hasRights)
    {
        var bound = kind == DeskEnrollmentKind.Reissue ? "Card bound; the student's earlier cards are revoked." : "Card bound.";
        return hasRights ? bound : $"{bound} {NoRightsWarning}";
    }

    /// <summary>What the desk and the cards page say when a bound card's pupil holds no right now or later.</summary>
    public const string NoRightsWarning = "This pupil has no rights yet: no gate, bus or library will open for the card until the school gives them one.";

    /// <summary>A first card opened earlier must not replace a card the student got meanwhile (e.g. at another desk).</summary>
    private async Task<DeskBinding?> CheckStillFirstCardAsync(PendingEnrollment open, CancellationToken cancellationToken)
    {
        if (open.Kind != DeskEnrollmentKind.FirstCard)
        {
            return null;
        }
        await using var vault = await vaults.CreateDbContextAsync(cancellationToken);
        if (!await vault.Cards.AnyAsync(c => c.StudentId == open.StudentId, cancellationToken))
        {
            return null;
        }
        pending.Close(open);
        return new DeskBinding(DeskBindingOutcome.StudentAlreadyHasCard, "This student got a card since the enrollment was opened; open a re-issue to replace it.");
    }

    private static DeskBinding Refused(EnrollmentException e) => e.Error switch
    {
        EnrollmentError.CardAlreadyEnrolled => new(DeskBindingOutcome.CardAlreadyEnrolled, "This card is already enrolled; use another card, or revoke this one first."),
        EnrollmentError.CardRevoked => new(DeskBindingOutcome.CardRevoked, "This card was reported lost or revoked and cannot be issued again; use a new card."),
        EnrollmentError.UnknownStudent => new(DeskBindingOutcome.UnknownStudent, "The student is no longer in the vault; the enrollment is closed."),
        EnrollmentError.InvalidRequest => new(DeskBindingOutcome.InvalidCardToken, e.Message),
        EnrollmentError.StudentAlreadyEnrolled => new(DeskBindingOutcome.StudentAlreadyHasCard, e.Message),
        _ => throw new InvalidOperationException($"A re-issue was refused with an unexpected reason ({e.Error}).", e),
    };

    private static string Describe(DeskEnrollmentKind kind) => kind == DeskEnrollmentKind.Reissue ? "replacement card" : "first card";

    private Task RecordAsync(string deskId, string action, long studentId, string reason, CancellationToken cancellationToken) =>
        audit?.RecordAsync($"desk {deskId}", action, $"vault student {studentId}", reason, cancellationToken) ?? Task.CompletedTask;
}
