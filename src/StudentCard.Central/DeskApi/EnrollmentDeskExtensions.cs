using Microsoft.Extensions.Options;
using StudentCard.Central.Hosting;
using StudentCard.Central.Stores;

namespace StudentCard.Central.DeskApi;

/// <summary>The enrollment desk's wiring: its store, registry, pending enrollments and the desk-only gRPC service.</summary>
public static class EnrollmentDeskExtensions
{
    public static void AddEnrollmentDesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EnrollmentDeskOptions>().BindConfiguration(EnrollmentDeskOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextFactory<DeskDbContext>((sp, options) =>
        {
            var path = Path.Combine(sp.GetRequiredService<IOptions<CentralOptions>>().Value.DataDirectory, DeskDbContext.FileName);
            SqliteStore.CreateOwnerOnly(path);
            SqliteStore.Configure(options, path);
        });
        services.AddStoreMigration<DeskDbContext>("desk store");
        services.AddSingleton<DeskRegistry>();
        services.AddSingleton<PendingEnrollments>();
        services.AddSingleton<DeskEnrollment>();
        services.AddHostedService<DeskProvisioner>();
        // Desk credentials only: the readers' interceptor guards ReaderLink, this one the desk service.
        services.AddGrpc().AddServiceOptions<EnrollmentDeskService>(options => options.Interceptors.Add<DeskAuthInterceptor>());
    }

    public static void MapEnrollmentDesk(this WebApplication app) =>
        app.MapGrpcService<EnrollmentDeskService>();
}
