using AgentOps.Core.Persistence;
using AgentOps.Core.Telemetry;
using AgentOps.Host.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace AgentOps.Host.Server.Metrics;

/// <summary>
/// <c>/metrics</c>: the <see cref="AgentOpsMetrics"/> meter through OpenTelemetry's Prometheus exporter. Before each
/// scrape the store gauges (incidents by priority and state, outbox depth) are refreshed with two aggregate queries.
/// </summary>
public static class AgentOpsMetricsEndpoint
{
    /// <summary>The scrape path.</summary>
    public const string Path = "/metrics";

    /// <summary>Registers the meter provider with the Prometheus exporter (no response cache: every scrape is fresh; no <c>target_info</c>, so every metric is <c>agentops_*</c>).</summary>
    public static IServiceCollection AddAgentOpsMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AgentOpsMetrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                o.TargetInfoEnabled = false;
            }));
        return services;
    }

    /// <summary>
    /// Maps <see cref="Path"/>: open when <c>serve</c> listens on loopback only, a <c>read</c> key required when it listens
    /// beyond (<see cref="ServerOptions.AllowRemote"/>) or when <see cref="ServerOptions.MetricsRequireKey"/> says so.
    /// </summary>
    public static IEndpointConventionBuilder MapAgentOpsMetrics(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var scrape = endpoints.MapPrometheusScrapingEndpoint(Path);
        return endpoints.ServiceProvider.GetRequiredService<IOptions<ServerOptions>>().Value.MetricsNeedKey
            ? scrape.RequireAgentOpsRole(ApiRole.Read)
            : scrape;
    }

    /// <summary>Refreshes the store gauges when <see cref="Path"/> is requested (with a key when one is needed: no store queries for a request that will get 401), then runs the pipeline.</summary>
    public static IApplicationBuilder UseAgentOpsMetricsRefresh(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase)
                && (!http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MetricsNeedKey || AgentOpsAuth.ReadKey(http.Request) is not null)
                && http.RequestServices.GetService<IIncidentStatistics>() is { } statistics)
            {
                try
                {
                    AgentOpsMetrics.SetIncidentCounts(await statistics.CountIncidentsAsync(new IncidentQuery(), http.RequestAborted).ConfigureAwait(false));
                    AgentOpsMetrics.SetOutboxCounts(await statistics.CountOutboxAsync(http.RequestAborted).ConfigureAwait(false));
                }
                catch (StoreException)
                {
                    // The gauges keep their last values; /readyz reports the store.
                }
            }

            await next(http).ConfigureAwait(false);
        });
}
