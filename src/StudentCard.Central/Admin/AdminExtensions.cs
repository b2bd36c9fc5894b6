using System.Net;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using StudentCard.Central.Admin.Api;
using StudentCard.Central.Admin.AuditView;
using StudentCard.Central.Admin.Auth;
using StudentCard.Central.Admin.Pages.Roster;
using StudentCard.Central.Admin.Passages;
using StudentCard.Central.Admin.Readers;
using StudentCard.Central.Admin.Reidentification;

namespace StudentCard.Central.Admin;

/// <summary>The admin web UI and its JSON API: Central's wiring for the people who run it.</summary>
public static class AdminExtensions
{
    public static void AddAdmin(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations()
            .Validate(o => IPAddress.TryParse(o.BindAddress, out _), "Admin:BindAddress must be an IP address.").ValidateOnStart();
        services.AddSingleton<PassageQueries>();
        services.AddSingleton<PupilPassages.PupilPassageLookup>();
        services.AddSingleton<Pupils.PupilDirectory>();
        services.AddSingleton<Reidentifier>();
        services.AddSingleton<ReaderAdministration>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<SiteModes.SiteCommands>();

        // Browsers speak HTTP/1.1 here; the gRPC endpoint stays HTTP/2-only.
        services.AddSingleton<AdminEndpoint>();
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration, AdminEndpoint>((kestrel, configuration, endpoint) =>
        {
            // Kestrel's options are built with the app, before ValidateOnStart: read the section unvalidated and
            // leave a bad address to the start's validation, which stops Central with a message naming the setting.
            var admin = configuration.GetSection(AdminOptions.Section).Get<AdminOptions>() ?? new AdminOptions();
            if (admin.Port is >= 0 and <= 65535 && IPAddress.TryParse(admin.BindAddress, out var address))
            {
                kestrel.Listen(address, admin.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    endpoint.Bound(listen);
                });
            }
        });

        AddSignIn(services);
        services.AddRosterUploadLimits();
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Admin/Pages";
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToPage("/Account/SignIn");
            })
            // Central's pages are compiled into this assembly; name it, since the demo and tests host Central from theirs.
            .ConfigureApplicationPartManager(parts =>
            {
                var assembly = typeof(AdminExtensions).Assembly;
                if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
                {
                    // The factory yields the types part and the compiled Razor views part alike.
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            });
    }

    public static void MapAdmin(this WebApplication app)
    {
        // Readers' gRPC calls skip the admin pipeline (they authenticate in their interceptor); everything else is served
        // on the admin listener only, never on the readers' HTTP/2 port, which may face a wider network than the staff's.
        var endpoint = app.Services.GetRequiredService<AdminEndpoint>();
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is null, admin =>
        {
            admin.Use((context, next) =>
            {
                if (endpoint.Received(context))
                {
                    return next();
                }
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            });
            admin.Use(AdminSecurityHeaders.ApplyAsync);
            admin.UseRateLimiter();
            admin.UseAuthentication();
            admin.UseAuthorization();
        });
        app.MapRazorPages();
        app.MapAdminStylesheet();
        app.MapAdminApi();
        app.MapRosterProgress();
    }

    private static void AddSignIn(IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "studentcard.admin";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.LoginPath = "/Account/SignIn";
                options.LogoutPath = "/Account/SignOut";
                options.AccessDeniedPath = "/Account/Denied";
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = StaffSessionValidator.ValidateAsync;
                // The JSON API answers with status codes, not with the sign-in page.
                options.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AdminOptions>>((cookie, admin) => cookie.ExpireTimeSpan = TimeSpan.FromMinutes(admin.Value.SessionMinutes));
        services.AddAuthorization(AdminPolicies.Add);
        services.AddAntiforgery(options =>
        {
            options.Cookie = new AlwaysSecureCookieBuilder
            {
                Name = "studentcard.antiforgery",
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                IsEssential = true,
            };
        });
    }

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new
        {
            status,
            title = status == StatusCodes.Status401Unauthorized ? "Sign in first." : "Your role does not give access to this data.",
        }, options: null, contentType: "application/problem+json");
    }
}
