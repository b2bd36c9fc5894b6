namespace StudentCard.Central.Rosters;

/// <summary>
/// Roster imports: their limits, the import itself, the uploads it reads, the jobs that run previews and commits in the
/// background, and the revocation of leavers' cards once their grace has passed.
/// </summary>
public static class RostersExtensions
{
    public static void AddRosters(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RosterLimits>().BindConfiguration(RosterLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RosterImport>();
        builder.Services.AddSingleton<RosterUploads>();
        builder.Services.AddSingleton<RosterJobs>();
        builder.Services.AddHostedService<RosterJobRunner>();
        builder.Services.AddSingleton<LeaverCardRevoker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LeaverCardRevoker>());
    }
}
