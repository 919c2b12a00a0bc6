using AgentOps.Host.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Server.Api;

/// <summary>The <c>/api/v1</c> group (read role or anonymous reads when allowed) and its OpenAPI document at <c>/openapi/v1.json</c>.</summary>
public static class AgentOpsApi
{
    /// <summary>The OpenAPI document path.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Registers the OpenAPI document generator (document <c>v1</c>).</summary>
    public static IServiceCollection AddAgentOpsApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "AgentOps API";
            document.Info.Description = "Incident triage: incidents, tracks, findings, timeline, communications, post-mortems and /pm: commands. "
                + $"Authenticate with the {AgentOpsAuth.HeaderName} header (or Authorization: Bearer); errors are RFC 9457 problem details.";
            return Task.CompletedTask;
        }));

    /// <summary>Maps <c>/api/v1</c> (every route needs at least the read role) and <see cref="OpenApiPath"/>.</summary>
    public static RouteGroupBuilder MapAgentOpsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        var api = endpoints.MapGroup("/api/v1").RequireAgentOpsRole(ApiRole.Read);
        api.MapIncidentApi();
        api.MapCommandApi();
        api.MapOutboxApi();
        return api;
    }
}
