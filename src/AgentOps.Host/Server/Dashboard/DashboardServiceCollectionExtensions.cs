using AgentOps.Infrastructure.GitHub;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>Registers the dashboard: options, the login cookie, anti-forgery, Data Protection keys and the change feed.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard's services. Data Protection keys are kept under <see cref="DashboardOptions.KeysPath"/>
    /// (relative to the content root) so that logins survive a restart.
    /// </summary>
    public static IServiceCollection AddAgentOpsDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddDataProtection().SetApplicationName("AgentOps");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IHostEnvironment, IOptions<DashboardOptions>, ILoggerFactory>((keys, environment, dashboard, loggers) =>
                keys.XmlRepository = new FileSystemXmlRepository(KeysFolder(Path.GetFullPath(dashboard.Value.KeysPath, environment.ContentRootPath)), loggers));
        services.AddAuthentication().AddCookie(DashboardAuthentication.Scheme, cookie =>
        {
            cookie.Cookie.Name = DashboardAuthentication.CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.SlidingExpiration = true;
            cookie.Events = new CookieAuthenticationEvents
            {
                // Scripts (live updates) get a status they can act on instead of a login page.
                OnRedirectToLogin = context =>
                {
                    if (context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }

                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                },
            };
        });
        services.AddOptions<CookieAuthenticationOptions>(DashboardAuthentication.Scheme)
            .Configure<IOptions<DashboardOptions>>((cookie, dashboard) => cookie.ExpireTimeSpan = dashboard.Value.LoginLifetime);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "agentops.antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.FormFieldName = "__RequestVerificationToken";
        });
        services.AddSingleton<IncidentChangeFeed>();
        services.AddSingleton(sp => GitHubLinks.From(
            sp.GetService<IOptions<GitHubOptions>>()?.Value,
            sp.GetRequiredService<IOptions<DashboardOptions>>().Value));
        return services;
    }

    // The keys sign every login cookie: readable by the service's own user only (they are not encrypted at rest).
    private static DirectoryInfo KeysFolder(string path) => OperatingSystem.IsWindows()
        ? Directory.CreateDirectory(path)
        : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
}
