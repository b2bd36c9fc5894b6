using Microsoft.Extensions.Time.Testing;
using StudentCard.Central.DeskApi;

namespace StudentCard.Central.Tests.DeskApi;

public sealed class PendingEnrollmentsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 9, 1, 8, 0, 0, TimeSpan.Zero));

    private PendingEnrollment Pending(string desk, long student, int minutes = 5) =>
        new(desk, student, $"S-{student:0000}", DeskEnrollmentKind.FirstCard, _time.GetUtcNow().AddMinutes(minutes));

    [Fact]
    public void A_pending_enrollment_is_found_until_it_expires_and_then_dropped()
    {
        var pending = new PendingEnrollments(_time);
        var opened = Pending("desk-1", 1);
        pending.Open(opened);

        _time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        Assert.Same(opened, pending.Find("desk-1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(pending.Find("desk-1"));
        Assert.False(pending.Close(opened));
    }

    [Fact]
    public void Each_desk_has_its_own_and_opening_again_replaces_it()
    {
        var pending = new PendingEnrollments(_time);
        var first = Pending("desk-1", 1);
        var second = Pending("desk-1", 2);
        var other = Pending("desk-2", 3);

        pending.Open(first);
        pending.Open(other);
        pending.Open(second);

        Assert.Same(second, pending.Find("desk-1"));
        Assert.Same(other, pending.Find("desk-2"));
        Assert.False(pending.Close(first));
        Assert.Same(second, pending.Find("desk-1"));
        Assert.True(pending.Close(second));
        Assert.Null(pending.Find("desk-1"));
    }

    [Fact]
    public void Its_text_names_the_vault_number_and_never_the_student_number() =>
        Assert.DoesNotContain("S-0007", Pending("desk-1", 7).ToString());
}
