using System.Globalization;
using AgentOps.Core.Commands;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentOps.Host.Server.Api;

/// <summary>
/// The read side of <c>/api/v1</c>: incidents (filtered and paged, with a total and a <c>next</c> link), one incident,
/// its tracks, findings with evidence, timeline (paged by sequence), communications (drafts awaiting approval
/// included) and post-mortem.
/// </summary>
public static class IncidentApi
{
    /// <summary>The largest timeline page.</summary>
    public const int MaxTimelinePage = 1000;

    /// <summary>Maps the incident routes on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapIncidentApi(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var incidents = api.MapGroup("/incidents").WithTags("incidents");
        incidents.MapGet("/", ListAsync).WithName("ListIncidents")
            .WithSummary("Incidents, most urgent first; filters state and priority (comma-separated), text; paged by limit/offset with total and next.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        incidents.MapGet("/{id}", (string id, IIncidentStore store, TimeProvider time, CancellationToken ct) =>
                WithIncidentAsync(store, id, ct, incident => ApiResults.Ok(IncidentViews.Detail(incident, time.GetUtcNow()))))
            .WithName("GetIncident").WithSummary("One incident: summary, triage, brief, plan, tracks, root cause, communications, timeline.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{id}/tracks", (string id, IIncidentStore store, CancellationToken ct) =>
                WithIncidentAsync(store, id, ct, incident => ApiResults.Ok(new { incident = incident.Id, items = incident.Tracks.Select(t => IncidentViews.TrackView(incident, t)).ToList() })))
            .WithName("ListTracks").WithSummary("The investigation tracks of an incident, with dependencies, GitHub issues and findings.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{id}/tracks/{number:int}", (string id, int number, IIncidentStore store, CancellationToken ct) =>
                WithIncidentAsync(store, id, ct, incident => incident.FindTrack(number) is { } track
                    ? ApiResults.Ok(IncidentViews.TrackView(incident, track))
                    : ApiResults.NotFound(string.Create(CultureInfo.InvariantCulture, $"Incident {incident.Id} has no track #{number}."))))
            .WithName("GetTrack").WithSummary("One track of an incident.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{id}/findings", (string id, IIncidentStore store, CancellationToken ct) =>
                WithIncidentAsync(store, id, ct, incident => ApiResults.Ok(new { incident = incident.Id, items = Findings(incident) })))
            .WithName("ListFindings").WithSummary("Every finding of every track, with its evidence.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{id}/timeline", TimelineAsync).WithName("ListTimeline")
            .WithSummary("Timeline events in order, paged by sequence: after (cursor, default 0), limit (default 100, at most 1000), kind.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{id}/communications", CommunicationsAsync).WithName("ListCommunications")
            .WithSummary("Drafts awaiting approval, held, queued and sent communications; filter status.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        incidents.MapGet("/{id}/postmortem", PostMortemAsync).WithName("GetPostMortem")
            .WithSummary("The post-mortem (Markdown and runbook); Accept: text/markdown gives the Markdown alone.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> ListAsync(
        HttpRequest request, IIncidentStore store, IIncidentStatistics statistics, TimeProvider time,
        string? state, string? priority, string? text, int? limit, int? offset, CancellationToken ct)
    {
        IReadOnlyList<IncidentState> states;
        if (string.Equals(state, "open", StringComparison.OrdinalIgnoreCase))
        {
            states = IncidentQuery.Open.States;
        }
        else if (!ApiQuery.TryParseList(state, "state", out states, out var stateError))
        {
            return ApiResults.BadRequest(stateError);
        }

        if (!ApiQuery.TryParseList<Priority>(priority, "priority", out var priorities, out var priorityError))
        {
            return ApiResults.BadRequest(priorityError);
        }

        if (!ApiQuery.TryPage(limit, offset, out var take, out var skip, out var pageError))
        {
            return ApiResults.BadRequest(pageError);
        }

        var query = new IncidentQuery { States = states, Priorities = priorities, Text = text, Limit = take, Offset = skip };
        var items = await store.ListSummariesAsync(query, ct).ConfigureAwait(false);
        var total = await statistics.CountAsync(query, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var next = skip + items.Count < total
            ? ApiQuery.Link(request, ("offset", (skip + take).ToString(CultureInfo.InvariantCulture)), ("limit", take.ToString(CultureInfo.InvariantCulture)))
            : null;
        return ApiResults.Ok(new { items = items.Select(i => IncidentViews.Summary(i, now)).ToList(), total, limit = take, offset = skip, next });
    }

    private static async Task<IResult> TimelineAsync(
        HttpRequest request, string id, long? after, int? limit, string? kind, IIncidentStore store, ITimelineReader timelines, CancellationToken ct)
    {
        var from = after ?? 0;
        var take = limit ?? 100;
        if (from < 0 || take is < 1 or > MaxTimelinePage)
        {
            return ApiResults.BadRequest(string.Create(CultureInfo.InvariantCulture, $"after must not be negative and limit must be between 1 and {MaxTimelinePage}."));
        }

        var incidentId = id.Trim().ToUpperInvariant();
        long total;
        List<TimelineEvent> page;
        if (kind is null)
        {
            // The common case reads one page from the store, whatever the length of the timeline.
            if (await timelines.ReadTimelineAsync(incidentId, from, take + 1, ct).ConfigureAwait(false) is not { } stored)
            {
                return ApiResults.NotFound($"No incident {ApiQuery.Truncate(id)}.");
            }

            (total, page) = (stored.Total, stored.Events.ToList());
        }
        else
        {
            if (await store.FindAsync(incidentId, ct).ConfigureAwait(false) is not { } incident)
            {
                return ApiResults.NotFound($"No incident {ApiQuery.Truncate(id)}.");
            }

            var events = incident.Timeline.Where(e => string.Equals(e.Kind, kind, StringComparison.OrdinalIgnoreCase)).ToList();
            (total, page) = (events.Count, events.Where(e => e.Sequence > from).Take(take + 1).ToList());
        }

        var more = page.Count > take;
        page = page.Take(take).ToList();
        var cursor = more ? page[^1].Sequence : (long?)null;
        return ApiResults.Ok(new
        {
            incident = incidentId,
            items = page.Select(e => new { seq = e.Sequence, at = e.At, actor = e.Actor, source = e.Source, kind = e.Kind, message = e.Message, data = e.Data }).ToList(),
            total,
            limit = take,
            after = from,
            next_cursor = cursor,
            next = cursor is { } c ? ApiQuery.Link(request, ("after", c.ToString(CultureInfo.InvariantCulture))) : null,
        });
    }

    private static Task<IResult> CommunicationsAsync(string id, string? status, IIncidentStore store, CancellationToken ct)
    {
        if (!ApiQuery.TryParseList<CommunicationStatus>(status, "status", out var statuses, out var error))
        {
            return Task.FromResult(ApiResults.BadRequest(error));
        }

        return WithIncidentAsync(store, id, ct, incident =>
        {
            var items = incident.Communications.Where(c => statuses.Count == 0 || statuses.Contains(c.Status)).Select(c => new
            {
                id = c.Id,
                kind = c.Kind.ToString(),
                channel = c.Channel,
                to = c.To,
                subject = c.Subject,
                body = c.Body,
                language = c.Language,
                status = c.Status.ToString(),
                reason = c.StatusReason,
                awaiting_approval = c.Status == CommunicationStatus.Draft,
                in_reply_to = c.InReplyTo,
                created_at = c.CreatedAt,
                sent_at = c.SentAt,
            }).ToList();
            return ApiResults.Ok(new { incident = incident.Id, awaiting_approval = items.Count(c => c.awaiting_approval), items });
        });
    }

    private static Task<IResult> PostMortemAsync(HttpRequest request, string id, IIncidentStore store, CancellationToken ct) =>
        WithIncidentAsync(store, id, ct, incident =>
        {
            if (incident.PostMortem is not { } report)
            {
                var why = incident.PostMortemWaiver is { } waiver ? $" (waived: {waiver})" : string.Empty;
                return ApiResults.NotFound($"Incident {incident.Id} has no post-mortem yet{why}.");
            }

            return request.Headers.Accept.Any(a => a?.Contains("text/markdown", StringComparison.OrdinalIgnoreCase) == true)
                ? Results.Text(report.Markdown, "text/markdown; charset=utf-8")
                : ApiResults.Ok(new { incident = incident.Id, markdown = report.Markdown, runbook = report.Runbook, generated_at = report.GeneratedAt });
        });

    private static List<object> Findings(Incident incident) =>
        incident.Tracks.SelectMany(t => t.Findings.Select(f => (object)new
        {
            id = f.Id,
            track = t.Number,
            track_title = t.Title,
            claim = f.Claim,
            confidence = f.Confidence,
            category = f.Category,
            at = f.At,
            observed_since = f.ObservedSince,
            evidence = f.Evidence.Select(e => new { source = e.Source, excerpt = e.Excerpt, observed_at = e.ObservedAt }).ToList(),
        })).ToList();

    private static async Task<IResult> WithIncidentAsync(IIncidentStore store, string id, CancellationToken ct, Func<Incident, IResult> answer)
    {
        var incident = await store.FindAsync(id.Trim().ToUpperInvariant(), ct).ConfigureAwait(false);
        return incident is null ? ApiResults.NotFound($"No incident {ApiQuery.Truncate(id)}.") : answer(incident);
    }
}
