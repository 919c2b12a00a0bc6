using AgentOps.Host.Server.Dashboard;
using AgentOps.Host.Server.Api;
using AgentOps.Host.Server.Health;
using AgentOps.Host.Server.Metrics;
using AgentOps.Host.Server.Security;
using AgentOps.Host.Server.Chat;
using AgentOps.Infrastructure.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentOps.Host.Server;

/// <summary>The HTTP surface of <c>agentops serve</c>: health, metrics, the <c>/api/v1</c> API, its OpenAPI document and the GitHub webhook.</summary>
public static class ServerEndpoints
{
    /// <summary>Maps every endpoint.</summary>
    public static IEndpointRouteBuilder MapAgentOps(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok")).WithTags("operations").WithSummary("Liveness: the process answers.");
        ReadinessProbe.Map(endpoints).WithSummary("Readiness: store, scheduler and mailbox, one JSON entry per check; 503 when one fails.");
        endpoints.MapAgentOpsMetrics();
        endpoints.MapAgentOpsApi();
        endpoints.MapGitHubWebhook().WithMetadata(new RequestSizeLimit(GitHubEndpointRouteBuilderExtensions.MaxBodyBytes)).WithTags("github");
        endpoints.MapAgentOpsDashboard();
        endpoints.MapChat();
        return endpoints;
    }
}
