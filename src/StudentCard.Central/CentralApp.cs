using StudentCard.Central.Admin;
using StudentCard.Central.Breaches;
using StudentCard.Central.DataSubjects;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Observability;
using StudentCard.Central.Rights;
using StudentCard.Central.Rosters;
using StudentCard.Central.Safety;
using StudentCard.Central.SignInLimits;
using StudentCard.Central.Staff;

namespace StudentCard.Central;

/// <summary>Builds Central's web application; Program runs it, the demo and end-to-end tests host it in-process.</summary>
public static class CentralApp
{
    /// <param name="configure">Runs after Central's own wiring, so a host can add configuration or replace services.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddCentralLogging();
        builder.AddCentralOptions();
        builder.AddCentralStores();
        builder.AddAudit();
        builder.AddCentralKeys();
        builder.AddSignInLimits();
        builder.AddReaders();
        builder.AddAllowLists();
        builder.AddEnrollment();
        builder.AddPassageIngest();
        builder.AddStatistics();
        builder.AddRetention();
        builder.AddRecordsOfProcessing();
        builder.AddMessaging();
        builder.AddReaderLink();
        builder.AddProvisioning();
        builder.AddStaff();
        builder.AddObservability();
        builder.AddReadinessChecks();
        builder.AddAdmin();
        builder.AddRosters();
        builder.AddDataSubjects();
        builder.AddBreaches();
        builder.AddRights();
        builder.AddSafety();
        builder.AddEnrollmentDesk();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapReaderLink();
        app.MapAdmin();
        app.MapObservability();
        app.MapEnrollmentDesk();
        return app;
    }
}
