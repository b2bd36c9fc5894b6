using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StudentCard.Central.RecordsOfProcessing;

/// <summary>Writes the records of processing as Markdown (for people) or JSON (for tools and portability).</summary>
public static class RecordsFormat
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string ToJson(ProcessingRecords records) => JsonSerializer.Serialize(records, Json) + "\n";

    public static string ToMarkdown(ProcessingRecords records)
    {
        var md = new StringBuilder();
        md.Append("# Records of processing activities (GDPR Art. 30)\n\n");
        md.Append($"Generated {records.GeneratedAt:yyyy-MM-dd HH:mm} UTC from Central's configuration.\n\n");
        md.Append($"- **Controller:** {records.Controller}\n");
        md.Append($"- **Controller contact:** {records.ControllerContact}\n");
        md.Append($"- **Data protection officer:** {records.DpoContact}\n");
        md.Append($"- **Transfers to third countries:** {records.Transfers}\n\n");
        md.Append("## Retention at a glance\n\n| activity | retention | hard maximum |\n| --- | --- | --- |\n");
        foreach (var activity in records.Activities)
        {
            md.Append($"| {activity.Name} | {Period(activity.Retention) ?? "while enrolled"} | {Period(activity.RetentionMaximum) ?? "none in code"} |\n");
        }
        foreach (var activity in records.Activities)
        {
            md.Append($"\n## {activity.Name}\n\n{activity.Description}\n\n");
            md.Append($"- **Legal basis:** {activity.LegalBasis}\n");
            md.Append($"- **Data subjects:** {string.Join("; ", activity.DataSubjects)}\n");
            md.Append($"- **Categories of data:** {string.Join("; ", activity.DataCategories)}\n");
            md.Append($"- **Recipients:** {string.Join("; ", activity.Recipients)}\n");
            md.Append($"- **Where:** {activity.Storage}\n");
            md.Append($"- **Retention:** {activity.RetentionRule}\n");
        }
        md.Append("\n## Technical and organisational security measures\n\n");
        foreach (var measure in records.SecurityMeasures)
        {
            md.Append($"- {measure}\n");
        }
        return md.ToString();
    }

    private static string? Period(TimeSpan? value) => value?.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
