using Microsoft.Extensions.Options;
using StudentCard.Central.Hosting;
using StudentCard.Central.Stores;

namespace StudentCard.Central.Staff;

/// <summary>The staff accounts' wiring: their sign-in rules and their own store (data/admin.db).</summary>
public static class StaffExtensions
{
    public static void AddStaff(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StaffOptions>().BindConfiguration(StaffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextFactory<StaffDbContext>((sp, options) =>
        {
            var path = Path.Combine(sp.GetRequiredService<IOptions<CentralOptions>>().Value.DataDirectory, StaffDbContext.FileName);
            SqliteStore.CreateOwnerOnly(path);
            SqliteStore.Configure(options, path);
        });
        services.AddStoreMigration<StaffDbContext>("staff store");
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<StaffAdministration>();
    }
}
