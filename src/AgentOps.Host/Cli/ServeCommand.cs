using System.CommandLine;
using AgentOps.Host.Hosting;
using AgentOps.Infrastructure.Communication;
using AgentOps.Infrastructure.Orchestration;
using AgentOps.Host.Server;
using AgentOps.Host.Server.Dashboard;
using AgentOps.Host.Server.Api;
using AgentOps.Host.Server.Health;
using AgentOps.Host.Server.Metrics;
using AgentOps.Host.Server.Security;
using AgentOps.Host.Server.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops serve</c>: the web host (API, GitHub webhook, health) and the background workers (outbox, timers, polling).</summary>
public static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen (default Server:Urls, http://127.0.0.1:5080)" };
        var serve = new Command("serve", "Run the web host and the background workers until stopped (Ctrl+C)");
        serve.Options.Add(urls);
        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            var app = Build(context, parseResult.GetValue(urls));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            context.Output.WriteLine($"agentops serve listening on {string.Join(", ", app.Urls)}");
            try
            {
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            return 0;
        });
        return serve;
    }

    /// <summary>Builds the web application on the same configuration and services as the CLI verbs.</summary>
    /// <exception cref="ConfigurationException">A configuration value is invalid.</exception>
    public static WebApplication Build(CliContext context, string? urls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = context.WorkingDirectory, Args = [] });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(context.Configuration);
        builder.Services.AddAgentOps(builder.Configuration);
        builder.Services.AddAgentOpsOutboxDispatcherService();
        builder.Services.AddAgentOpsPipeline(builder.Configuration);
        builder.Services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.SectionName)).ValidateDataAnnotations();
        builder.Services.AddProblemDetails();
        builder.Services.AddAgentOpsDashboard(builder.Configuration);
        builder.Services.AddAgentOpsChat(builder.Configuration);
        var logging = builder.Configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        builder.Services.AddSerilog(AgentOpsServices.CreateLogger(logging), dispose: true);
        var server = builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions();
        AgentOpsSecurity.EnsureLoopback(urls ?? server.Urls, server);
        builder.Services.AddAgentOpsSecurity(server);
        builder.Services.AddAgentOpsApi();
        builder.Services.AddAgentOpsMetrics();
        builder.Services.AddSingleton<ReadinessProbe>();
        builder.WebHost.UseUrls(urls ?? server.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes);
        var registrations = builder.Services.ToList();
        var app = builder.Build();
        OptionsValidation.ValidateAll(app.Services, registrations);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAgentOpsMetricsRefresh();
        app.UseAgentOpsSecurity();
        app.MapAgentOps();
        return app;
    }
}
