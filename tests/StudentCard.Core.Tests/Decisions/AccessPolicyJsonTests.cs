using StudentCard.Core.Rules;
using static StudentCard.Core.Tests.Decisions.RulesFixture;

namespace StudentCard.Core.Tests.Decisions;

public sealed class AccessPolicyJsonTests
{
    [Fact]
    public void A_policy_survives_its_json_form_and_decides_the_same()
    {
        var json = AccessPolicyJson.Serialize(Policy);
        var back = AccessPolicyJson.Parse(json);
        Assert.Equal(json, AccessPolicyJson.Serialize(back));
        Assert.Contains("\"antiPassback\":\"Hard\"", json);
        Assert.Contains("\"Monday\"", json);
        Assert.DoesNotContain("crossesMidnight", json);
        foreach (var at in new[] { "2026-11-23T07:00:00+01:00", "2026-11-11T10:00:00+01:00", "2026-10-25T01:30:00+00:00" })
        {
            var context = new TapContext(MainIn, At(at), back);
            Assert.Equal(Decide(Entry(), at), AccessRules.Decide(Card, Entry(), context));
        }
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("null", "empty")]
    [InlineData("{\"schedules\":[],\"sites\":[{\"name\":\"x\",\"timeZone\":\"Nowhere/Else\",\"closures\":[]}],\"zones\":[],\"maxListAge\":\"1.00:00:00\"}", "unknown time zone")]
    [InlineData("{\"schedules\":[],\"sites\":[],\"zones\":[],\"routes\":[{\"name\":\"r1\"},{\"name\":\"r1\"}],\"maxListAge\":\"1.00:00:00\"}", "route 'r1' is defined twice")]
    public void A_bad_policy_is_refused_with_its_reason(string json, string reason) =>
        Assert.Contains(reason, Assert.Throws<InvalidDataException>(() => AccessPolicyJson.Parse(json)).Message);

    [Fact]
    public void Routes_survive_the_json_form_and_a_policy_written_without_them_has_none()
    {
        var json = AccessPolicyJson.Serialize(Policy with { Routes = [new BusRoute("r1", "North loop")] });
        Assert.Equal("North loop", AccessPolicyJson.Parse(json).FindRoute("r1")?.Label);
        var older = "{\"schedules\":[],\"sites\":[],\"zones\":[],\"maxListAge\":\"1.00:00:00\"}";
        Assert.Empty(AccessPolicyJson.Parse(older).Routes);
    }

    [Fact]
    public void The_fingerprint_changes_with_the_policy()
    {
        var one = AccessPolicyJson.Serialize(Policy);
        var two = AccessPolicyJson.Serialize(Policy with { MaxListAge = TimeSpan.FromDays(1) });
        Assert.NotEqual(AccessPolicyJson.Fingerprint(one), AccessPolicyJson.Fingerprint(two));
        Assert.Equal(AccessPolicyJson.Fingerprint(one), AccessPolicyJson.Fingerprint(one));
    }
}
