using StudentCard.Central.Rosters;

namespace StudentCard.Central.DataSubjects;

/// <summary>Wiring for roster import and data-subject requests.</summary>
public static class DataSubjectsExtensions
{
    public static void AddRosterAndDataSubjects(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataSubjectOptions>().BindConfiguration(DataSubjectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<EntitlementSwitch>();
        builder.Services.AddSingleton<RosterImport>();
        builder.Services.AddSingleton<SubjectRequests>();
        builder.Services.AddSingleton<SubjectExporter>();
        builder.Services.AddSingleton<SubjectEraser>();
        builder.Services.AddSingleton<SubjectActions>();
    }
}
