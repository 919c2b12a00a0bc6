using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentOps.Host.Server.Api;

/// <summary><c>GET /api/v1/outbox</c> (admin role): the delivery backlog and dead letters, without payloads.</summary>
public static class OutboxApi
{
    /// <summary>Maps the outbox route on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapOutboxApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/outbox", async (string? status, string? incident, int? limit, IIncidentStore store, CancellationToken ct) =>
            {
                if (!ApiQuery.TryParseList<OutboxStatus>(status, "status", out var statuses, out var error)
                    || !ApiQuery.TryPage(limit, 0, out var take, out _, out error))
                {
                    return ApiResults.BadRequest(error);
                }

                var messages = await store.ListOutboxAsync(string.IsNullOrWhiteSpace(incident) ? null : incident.Trim().ToUpperInvariant(), ct).ConfigureAwait(false);
                var matching = messages.Where(m => statuses.Count == 0 || statuses.Contains(m.Status)).ToList();
                return ApiResults.Ok(new
                {
                    total = matching.Count,
                    items = matching.TakeLast(take).Select(m => new
                    {
                        id = m.Id,
                        incident = m.IncidentId,
                        kind = m.Kind,
                        status = m.Status.ToString(),
                        attempts = m.Attempts,
                        last_error = m.LastError,
                        created_at = m.CreatedAt,
                        next_attempt_at = m.NextAttemptAt,
                    }).ToList(),
                });
            })
            .RequireAgentOpsRole(ApiRole.Admin)
            .WithTags("operations").WithName("ListOutbox")
            .WithSummary("Outbox messages (newest last), filter status (Pending, Delivered, Dead) and incident; admin role.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return api;
    }
}
