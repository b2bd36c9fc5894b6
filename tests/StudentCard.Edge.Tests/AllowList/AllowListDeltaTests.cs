using Google.Protobuf.WellKnownTypes;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Protos.V1;
using CardStatus = StudentCard.Core.Rules.CardStatus;
using CoreEntry = StudentCard.Core.Rules.AllowListEntry;

namespace StudentCard.Edge.Tests.AllowList;

/// <summary>
/// Applying Central's changes to the list held: upserts, removals, a card reported lost, a new policy, the list held left
/// untouched; and every answer that does not fit the list held is refused, so the agent falls back to the whole list.
/// </summary>
public sealed class AllowListDeltaTests
{
    private static readonly DateTimeOffset From = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = From.AddDays(10);
    private static readonly string Policy = AccessPolicyJson.Serialize(AccessPolicy.Empty);
    private static readonly string NewPolicy = AccessPolicyJson.Serialize(AccessPolicy.Empty with
    {
        Schedules = [new Schedule("pupils", [new TimeWindow([DayOfWeek.Monday], new TimeOnly(7, 0), new TimeOnly(18, 0))])],
        MaxListAge = TimeSpan.FromHours(12),
    });

    private static string P(int i) => i.ToString("x32");

    /// <summary>Version 7: cards 0..9, card 3 on the north site's "pupils" schedule.</summary>
    private static AllowListSnapshot Held() => AllowListSnapshot.Create(
        7,
        Enumerable.Range(0, 10).Select(i => i == 3
            ? new CoreEntry(P(i), From, From.AddDays(30), CardStatus.Active, "north", "pupils")
            : new CoreEntry(P(i), From, From.AddDays(30))),
        From,
        policyJson: Policy);

    [Fact]
    public void Changes_add_replace_remove_and_mark_lost_on_a_copy()
    {
        var held = Held();
        var download = new AllowListDownload(held);
        download.Add(Page(0, 2, total: 5, listSize: 9, Policy,
            upserts: [Entry(20, From.AddDays(60)), Entry(1, From.AddDays(90))]));
        download.Add(Page(1, 2, total: 5, listSize: 9, "",
            upserts: [Entry(3, From.AddDays(30), Protos.V1.CardStatus.Lost, places: "north", schedule: "pupils")],
            removed: [P(5), P(6)]));

        var changed = download.Build(Now);

        Assert.True(download.IsDelta);
        Assert.Equal((8L, 9), (changed.Version, changed.Count));
        Assert.Equal(new CoreEntry(P(20), From, From.AddDays(60)), changed.Find(P(20)));
        Assert.Equal(new CoreEntry(P(1), From, From.AddDays(90)), changed.Find(P(1)));
        Assert.Equal(new CoreEntry(P(3), From, From.AddDays(30), CardStatus.Lost, "north", "pupils"), changed.Find(P(3)));
        Assert.Null(changed.Find(P(5)));
        Assert.Null(changed.Find(P(6)));
        Assert.Equal(new CoreEntry(P(9), From, From.AddDays(30)), changed.Find(P(9)));
        Assert.Equal(Now, changed.FetchedAt);
        // The list in force until the swap is not touched.
        Assert.Equal((7L, 10), (held.Version, held.Count));
        Assert.Equal(CardStatus.Active, held.Find(P(3))!.Status);
        Assert.NotNull(held.Find(P(5)));
        Assert.Null(held.Find(P(20)));
    }

    [Fact]
    public void A_new_policy_comes_with_the_changes_even_when_no_card_changed()
    {
        var download = new AllowListDownload(Held());
        download.Add(Page(0, 1, total: 0, listSize: 10, NewPolicy, baseVersion: 7, version: 7));

        var changed = download.Build(Now);

        Assert.Equal((7L, 10), (changed.Version, changed.Count));
        Assert.Equal(NewPolicy, changed.PolicyJson);
        Assert.Equal(TimeSpan.FromHours(12), changed.Policy.MaxListAge);
        Assert.NotNull(changed.Policy.FindSchedule("pupils"));
    }

    [Fact]
    public void Changes_that_do_not_start_at_the_version_held_are_refused()
    {
        var download = new AllowListDownload(Held());

        Assert.Throws<InvalidDataException>(() => download.Add(Page(0, 1, total: 1, listSize: 11, Policy, upserts: [Entry(20, From.AddDays(1))], baseVersion: 6)));
        Assert.Throws<InvalidDataException>(() => new AllowListDownload(null).Add(Page(0, 1, total: 0, listSize: 10, Policy)));
    }

    [Fact]
    public void Changes_that_give_another_count_than_centrals_are_refused()
    {
        // Card 5 is removed, but Central says the list still has ten: the list held is not the one Central thinks.
        var download = new AllowListDownload(Held());
        download.Add(Page(0, 1, total: 1, listSize: 10, Policy, removed: [P(5)]));

        Assert.Throws<InvalidDataException>(() => download.Build(Now));
    }

    [Fact]
    public void Pages_of_mixed_kinds_missing_pages_and_malformed_pseudonyms_are_refused()
    {
        var mixed = new AllowListDownload(Held());
        mixed.Add(Page(0, 2, total: 2, listSize: 11, Policy, upserts: [Entry(20, From.AddDays(1))]));
        var whole = Page(1, 2, total: 2, listSize: 11, "", upserts: [Entry(21, From.AddDays(1))]);
        whole.Delta = false;
        Assert.Throws<InvalidDataException>(() => mixed.Add(whole));

        var missing = new AllowListDownload(Held());
        missing.Add(Page(0, 2, total: 2, listSize: 11, Policy, upserts: [Entry(20, From.AddDays(1))]));
        Assert.Throws<InvalidDataException>(() => missing.Build(Now));

        var malformed = new AllowListDownload(Held());
        Assert.Throws<InvalidDataException>(() => malformed.Add(Page(0, 1, total: 1, listSize: 9, Policy, removed: ["not-a-pseudonym"])));
    }

    [Theory]
    [InlineData((int)Protos.V1.CardStatus.Unspecified)]
    [InlineData(7)]
    public void An_entry_without_a_known_status_is_never_read_as_active(int status)
    {
        // The field left out on the wire reads as 0, which was "active" before: now the whole answer is refused.
        var download = new AllowListDownload(Held());
        var page = Page(0, 1, total: 1, listSize: 1, Policy, upserts: [Entry(40, From.AddDays(1), (Protos.V1.CardStatus)status)], version: 9);
        page.Delta = false;
        page.BaseVersion = 0;

        var refused = Assert.Throws<InvalidDataException>(() => download.Add(page));

        Assert.Contains("card status", refused.Message);
        Assert.Equal(0, download.EntryCount);
    }

    [Fact]
    public void A_whole_list_answer_replaces_the_list_held()
    {
        var download = new AllowListDownload(Held());
        var page = Page(0, 1, total: 2, listSize: 0, Policy, upserts: [Entry(40, From.AddDays(1)), Entry(41, From.AddDays(1))], version: 9);
        page.Delta = false;
        page.BaseVersion = 0;
        download.Add(page);

        var list = download.Build(Now);

        Assert.False(download.IsDelta);
        Assert.Equal((9L, 2), (list.Version, list.Count));
        Assert.Null(list.Find(P(1)));
    }

    private static Protos.V1.AllowListEntry Entry(int i, DateTimeOffset until, Protos.V1.CardStatus status = Protos.V1.CardStatus.Active, string places = "", string schedule = "") => new()
    {
        Pseudonym = P(i),
        ValidFrom = Timestamp.FromDateTimeOffset(From),
        ValidUntil = Timestamp.FromDateTimeOffset(until),
        Status = status,
        Places = places,
        Schedule = schedule,
    };

    private static AllowListPage Page(int index, int count, long total, long listSize, string policy,
        Protos.V1.AllowListEntry[]? upserts = null, string[]? removed = null, long baseVersion = 7, long version = 8)
    {
        var page = new AllowListPage
        {
            Version = version,
            PageIndex = index,
            PageCount = count,
            TotalEntries = total,
            PolicyJson = policy,
            Delta = true,
            BaseVersion = baseVersion,
            ListSize = listSize,
        };
        page.Entries.AddRange(upserts ?? []);
        page.Removed.AddRange(removed ?? []);
        return page;
    }
}
