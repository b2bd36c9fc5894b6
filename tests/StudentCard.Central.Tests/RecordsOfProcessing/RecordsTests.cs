using System.Text.Json;
using StudentCard.Central.Cli;
using StudentCard.Central.Tests.Support;

namespace StudentCard.Central.Tests.RecordsOfProcessing;

/// <summary>The records of processing are generated from the configuration Central would start with.</summary>
public sealed class RecordsTests
{
    [Fact]
    public void The_json_records_carry_each_purpose_with_its_configured_retention_and_the_controller()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = RecordsCommand.Run(
            ["records", "--format", "json", "--Retention:Bus=12:00:00", "--Processing:Controller=Synthetic School District", "--Processing:Activities:gate:Recipients:0=head teacher"],
            output, error);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("Synthetic School District", root.GetProperty("controller").GetString());
        Assert.StartsWith("not configured (set Processing:DpoContact)", root.GetProperty("dpoContact").GetString());
        var activities = root.GetProperty("activities").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!);
        Assert.Equal(["gate", "bus", "library", "statistics", "vault", "audit"], activities.Keys);
        Assert.Equal("7.00:00:00", activities["gate"].GetProperty("retention").GetString());
        Assert.Equal("12:00:00", activities["bus"].GetProperty("retention").GetString());
        Assert.Equal("7.00:00:00", activities["bus"].GetProperty("retentionMaximum").GetString());
        Assert.Equal("1.00:00:00", activities["library"].GetProperty("retention").GetString());
        Assert.Equal("365.00:00:00", activities["statistics"].GetProperty("retention").GetString());
        Assert.Equal("365.00:00:00", activities["audit"].GetProperty("retention").GetString());
        Assert.Equal(JsonValueKind.Null, activities["vault"].GetProperty("retention").ValueKind);
        Assert.Equal(["head teacher"], activities["gate"].GetProperty("recipients").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains(activities["bus"].GetProperty("dataCategories").EnumerateArray(), c => c.GetString()!.StartsWith("bus pseudonym"));
        Assert.Contains(root.GetProperty("securityMeasures").EnumerateArray(), m => m.GetString()!.Contains("secure_delete"));
    }

    [Fact]
    public void The_markdown_records_are_written_to_a_file_with_a_retention_table()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "records.md");
        var output = new StringWriter();

        var exit = RecordsCommand.Run(["records", "--format", "md", "--out", file, "--Processing:AdditionalSecurityMeasures:0=Full-disk encryption on the Central server."], output, new StringWriter());

        Assert.Equal(0, exit);
        var markdown = File.ReadAllText(file);
        Assert.StartsWith("# Records of processing activities (GDPR Art. 30)", markdown);
        Assert.Contains("| Building access and safety (gate) | 7.00:00:00 | 31.00:00:00 |", markdown);
        Assert.Contains("| Transport eligibility (bus) | 2.00:00:00 | 7.00:00:00 |", markdown);
        Assert.Contains("| Library patron identification | 1.00:00:00 | 1.00:00:00 |", markdown);
        Assert.Contains("- **Retention:** Passages are deleted 2 days after they occurred (hard maximum 7 days)", markdown);
        Assert.Contains("- Full-disk encryption on the Central server.", markdown);
        Assert.Contains("## Enrollment, identity vault and data-subject requests", markdown);
    }

    [Fact]
    public void A_retention_above_its_maximum_is_refused_here_too()
    {
        var error = new StringWriter();

        var exit = RecordsCommand.Run(["records", "--format", "md", "--Retention:Library=2.00:00:00"], new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("Retention:Library is 2.00:00:00, above the hard maximum of 1.00:00:00", error.ToString());
    }
}
