namespace StudentCard.Central.DataSubjects;

/// <summary>Wiring for data-subject requests and the actions that carry them out.</summary>
public static class DataSubjectsExtensions
{
    public static void AddDataSubjects(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataSubjectOptions>().BindConfiguration(DataSubjectOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<EntitlementSwitch>();
        builder.Services.AddSingleton<SubjectRequests>();
        builder.Services.AddSingleton<SubjectExporter>();
        builder.Services.AddSingleton<SubjectEraser>();
        builder.Services.AddSingleton<SubjectActions>();
        builder.Services.AddSingleton<SubjectRequestSteps>();
    }
}
