namespace StudentCard.Central.Rosters;

/// <summary>Roster imports: the import itself and the jobs that run previews and commits in the background.</summary>
public static class RostersExtensions
{
    public static void AddRosters(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RosterImport>();
        builder.Services.AddSingleton<RosterJobs>();
        builder.Services.AddHostedService<RosterJobRunner>();
    }
}
