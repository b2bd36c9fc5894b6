using Grpc.Core;
using StudentCard.Central.Tests.Support;
using StudentCard.Central.Vault;
using StudentCard.Core.Synthetic;
using StudentCard.Protos.V1;
using CoreType = StudentCard.Core.ReaderType;

using CardStatus = StudentCard.Central.Vault.CardStatus;

namespace StudentCard.Central.Tests.DeskApi;

/// <summary>Each bad desk input gets a clear answer and leaves the vault and the purpose store exactly as they were.</summary>
public sealed class BadDeskInputTests : IAsyncLifetime
{
    private readonly IReadOnlyList<SyntheticStudent> _pupils = SyntheticRoster.Generate(4, seed: 404);
    private DeskFixture _desk = null!;

    public async Task InitializeAsync()
    {
        _desk = await DeskFixture.StartAsync();
        // Pupil 0 holds an issued card, pupil 1's card was reported lost, pupils 2 and 3 are in the vault without a card.
        await _desk.Central.Services.EnrollAsync(_pupils.Take(2), Roster.Valid(CoreType.Gate));
        await _desk.Central.Enrollment.RevokeCardAsync(Token(1), CardStatus.Lost);
        await _desk.AddStudentWithoutCardAsync(_pupils[2], CoreType.Gate);
        await _desk.AddStudentWithoutCardAsync(_pupils[3], CoreType.Gate);
    }

    public async Task DisposeAsync() => await _desk.DisposeAsync();

    private Core.Identifiers.CardToken Token(int pupil) => Roster.Token(_pupils[pupil], _desk.Central.Keys);

    private Task<OpenEnrollmentReply> OpenAsync(int pupil, EnrollmentKind kind, EnrollmentDeskClient? client = null) =>
        (client ?? _desk.Desk()).OpenEnrollmentAsync(new OpenEnrollmentRequest { StudentNumber = _pupils[pupil].StudentNumber, Kind = kind }).ResponseAsync;

    private async Task<SubmitCardReply> RefusedTapAsync(string token, EnrollmentOutcome expected, string message)
    {
        var before = await _desk.StoresAsync();

        var reply = await _desk.Desk().SubmitCardAsync(new SubmitCardRequest { CardToken = token });

        Assert.Equal(expected, reply.Outcome);
        Assert.Contains(message, reply.Message);
        Assert.Equal(before, await _desk.StoresAsync());
        return reply;
    }

    private async Task RefusedCallAsync(Func<Task> call, StatusCode expected, string message)
    {
        var before = await _desk.StoresAsync();

        var error = await Assert.ThrowsAsync<RpcException>(call);

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(message, error.Status.Detail);
        Assert.Equal(before, await _desk.StoresAsync());
    }

    [Fact]
    public async Task An_already_enrolled_card_is_refused_and_the_enrollment_stays_open_for_the_right_card()
    {
        await OpenAsync(2, EnrollmentKind.FirstCard);

        await RefusedTapAsync(Token(0).Value, EnrollmentOutcome.CardAlreadyEnrolled, "already enrolled");
        var retry = await _desk.Desk().SubmitCardAsync(new SubmitCardRequest { CardToken = Token(2).Value });

        Assert.Equal(EnrollmentOutcome.Bound, retry.Outcome);
    }

    [Fact]
    public async Task A_lost_card_presented_again_is_refused()
    {
        await OpenAsync(1, EnrollmentKind.Reissue);

        await RefusedTapAsync(Token(1).Value, EnrollmentOutcome.CardRevoked, "lost or revoked");
    }

    [Fact]
    public async Task A_lost_card_presented_for_another_student_is_refused()
    {
        await OpenAsync(3, EnrollmentKind.FirstCard);

        await RefusedTapAsync(Token(1).Value, EnrollmentOutcome.CardRevoked, "lost or revoked");
    }

    [Fact]
    public async Task A_tap_without_a_pending_enrollment_is_refused() =>
        await RefusedTapAsync(Token(2).Value, EnrollmentOutcome.NoPendingEnrollment, "No enrollment is open at this desk");

    [Fact]
    public async Task A_malformed_card_token_is_refused()
    {
        await OpenAsync(2, EnrollmentKind.FirstCard);

        await RefusedTapAsync("not-a-card-token", EnrollmentOutcome.InvalidCardToken, "malformed card token");
    }

    [Fact]
    public async Task An_unknown_student_cannot_be_opened_and_leaves_nothing_pending()
    {
        await RefusedCallAsync(
            () => _desk.Desk().OpenEnrollmentAsync(new OpenEnrollmentRequest { StudentNumber = "S-9999", Kind = EnrollmentKind.FirstCard }).ResponseAsync,
            StatusCode.NotFound, "No student with this student number");

        await RefusedTapAsync(Token(2).Value, EnrollmentOutcome.NoPendingEnrollment, "No enrollment is open");
    }

    [Fact]
    public Task A_first_card_for_a_student_who_has_one_is_refused() =>
        RefusedCallAsync(() => OpenAsync(0, EnrollmentKind.FirstCard), StatusCode.FailedPrecondition, "already has a card; open a re-issue");

    [Fact]
    public Task A_reissue_for_a_student_without_a_card_is_refused() =>
        RefusedCallAsync(() => OpenAsync(2, EnrollmentKind.Reissue), StatusCode.InvalidArgument, "has no card yet");

    [Fact]
    public Task An_enrollment_of_no_kind_is_refused() =>
        RefusedCallAsync(() => OpenAsync(2, EnrollmentKind.Unspecified), StatusCode.InvalidArgument, "FIRST_CARD or REISSUE");

    [Fact]
    public async Task A_wrong_desk_secret_is_refused_for_every_call()
    {
        await OpenAsync(2, EnrollmentKind.FirstCard);
        var impostor = _desk.Client(("x-desk-id", DeskFixture.DeskId), ("x-desk-secret", "not-the-secret"));

        await RefusedCallAsync(() => impostor.SubmitCardAsync(new SubmitCardRequest { CardToken = Token(2).Value }).ResponseAsync, StatusCode.Unauthenticated, "Unknown desk or wrong secret");
        await RefusedCallAsync(() => OpenAsync(3, EnrollmentKind.FirstCard, impostor), StatusCode.Unauthenticated, "Unknown desk or wrong secret");
        await RefusedCallAsync(() => impostor.CancelEnrollmentAsync(new CancelEnrollmentRequest()).ResponseAsync, StatusCode.Unauthenticated, "Unknown desk or wrong secret");
    }

    [Fact]
    public async Task A_revoked_desk_is_refused_at_once()
    {
        await OpenAsync(2, EnrollmentKind.FirstCard);

        await _desk.Desks.RevokeAsync(DeskFixture.DeskId);

        await RefusedCallAsync(() => _desk.Desk().SubmitCardAsync(new SubmitCardRequest { CardToken = Token(2).Value }).ResponseAsync, StatusCode.PermissionDenied, "revoked");
    }

    [Fact]
    public async Task Calls_without_desk_credentials_are_refused() =>
        await RefusedCallAsync(() => _desk.Client().SubmitCardAsync(new SubmitCardRequest { CardToken = Token(2).Value }).ResponseAsync, StatusCode.Unauthenticated, "Desk credentials missing");
}
