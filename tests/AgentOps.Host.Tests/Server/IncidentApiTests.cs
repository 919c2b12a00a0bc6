using System.Net;
using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Host.Server.Api;
using Microsoft.AspNetCore.Routing;

namespace AgentOps.Host.Tests.Server;

public sealed class IncidentApiTests(IncidentApiFixture fixture) : IClassFixture<IncidentApiFixture>
{
    private readonly HttpClient _http = fixture.Host.Client(ServerHost.ReadKey);

    [Fact]
    public async Task ListIncidents_FilteredByStateAndPriority_ReturnsOnlyMatchesWithTotal()
    {
        // Act
        var page = await GetJsonAsync("/api/v1/incidents?state=investigating,new&priority=P1");

        // Assert
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal("P1", i.GetProperty("priority").GetString()));
        Assert.All(items, i => Assert.Contains(i.GetProperty("state").GetString(), new[] { "Investigating", "New" }));
        Assert.Equal(items.Count, page.GetProperty("total").GetInt32());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task ListIncidents_Paged_FollowsNextLinksToEveryIncidentOnce()
    {
        // Arrange
        var seen = new List<string>();
        string? next = "/api/v1/incidents?limit=7";
        var total = 0;

        // Act
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            total = page.GetProperty("total").GetInt32();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("incident").GetString()!));
            next = page.GetProperty("next").GetString();
        }

        // Assert
        Assert.Equal(25, total);
        Assert.Equal(25, seen.Count);
        Assert.Equal(25, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("state=open&priority=P1,P2")]
    [InlineData("text=seeded&state=new,resolved")]
    [InlineData("")]
    public async Task ListIncidents_EveryPage_ItemsAreTheFullIncidentsSummarizedInTheSameOrder(string filter)
    {
        // Arrange
        var query = filter switch
        {
            "state=open&priority=P1,P2" => IncidentQuery.Open with { Priorities = [Priority.P1, Priority.P2] },
            "text=seeded&state=new,resolved" => new IncidentQuery { Text = "seeded", States = [IncidentState.New, IncidentState.Resolved] },
            _ => new IncidentQuery(),
        };
        var expected = (await fixture.Host.Store.ListAsync(query with { Limit = 500 })).Select(i => i.Id).ToList();
        var items = new List<JsonElement>();
        string? next = $"/api/v1/incidents?{filter}&limit=4";

        // Act
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            next = page.GetProperty("next").GetString();
        }

        // Assert
        Assert.NotEmpty(items);
        Assert.Equal(expected, items.Select(i => i.GetProperty("incident").GetString()));
        foreach (var item in items)
        {
            var incident = (await fixture.Host.Store.FindAsync(item.GetProperty("incident").GetString()!))!;
            Assert.Equal(
                (incident.Title, incident.Priority.ToString(), incident.Severity.ToString(), incident.State.ToString(), incident.Customer?.Domain, incident.Triage?.Intent),
                (Text(item, "title"), Text(item, "priority"), Text(item, "severity"), Text(item, "state"), Text(item, "customer"), Text(item, "intent")));
            Assert.Equal(
                (incident.Tracks.Count, incident.Tracks.Count(t => t.State == TrackState.Done), incident.Version, incident.EscalationLevel, incident.SignalCount),
                (item.GetProperty("tracks").GetInt32(), item.GetProperty("tracks_done").GetInt32(), item.GetProperty("version").GetInt64(), item.GetProperty("escalation_level").GetInt32(), item.GetProperty("signal_count").GetInt32()));
            Assert.Equal(incident.CreatedAt, item.GetProperty("created_at").GetDateTimeOffset());
            Assert.Equal(incident.Sla?.ResolveBy, Text(item, "sla_deadline") is { } deadline ? DateTimeOffset.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    [Theory]
    [InlineData("/api/v1/incidents?state=sleeping", "Unknown state 'sleeping'")]
    [InlineData("/api/v1/incidents?priority=P9", "Unknown priority 'P9'")]
    [InlineData("/api/v1/incidents?priority=2", "Unknown priority '2'")]
    [InlineData("/api/v1/incidents?limit=0", "limit must be between 1 and 500")]
    [InlineData("/api/v1/incidents?offset=-3", "offset must not be negative")]
    [InlineData("/api/v1/incidents/INC-2026-0001/timeline?limit=5000", "limit must be between 1 and 1000")]
    [InlineData("/api/v1/incidents/INC-2026-0001/communications?status=Lost", "Unknown status 'Lost'")]
    public async Task Get_BadQuery_Is400ProblemDetailsSayingWhatIsAccepted(string path, string expected)
    {
        // Act
        var response = await _http.GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/tracks")]
    [InlineData("/tracks/1")]
    [InlineData("/findings")]
    [InlineData("/timeline")]
    [InlineData("/communications")]
    [InlineData("/postmortem")]
    public async Task Get_UnknownIncident_Is404ProblemDetails(string resource)
    {
        // Act
        var response = await _http.GetAsync($"/api/v1/incidents/INC-1999-0001{resource}");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No incident INC-1999-0001", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIncident_Known_ReturnsSummaryTracksAndTimeline()
    {
        // Act
        var incident = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id.ToLowerInvariant()}");

        // Assert
        Assert.Equal(fixture.Rich.Id, incident.GetProperty("summary").GetProperty("incident").GetString());
        Assert.Equal(2, incident.GetProperty("tracks").GetArrayLength());
        Assert.Equal(250, incident.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public async Task ListTracks_ReturnsDependenciesGitHubIssuesAndFindings()
    {
        // Act
        var tracks = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/tracks");
        var track = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/tracks/2");

        // Assert
        Assert.Equal(2, tracks.GetProperty("items").GetArrayLength());
        Assert.Equal(42, track.GetProperty("github_issue").GetInt32());
        Assert.Equal(1, track.GetProperty("depends_on")[0].GetInt32());
        Assert.Equal("F-1", track.GetProperty("findings")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListFindings_IncludeTheirEvidence()
    {
        // Act
        var findings = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/findings");

        // Assert
        var finding = Assert.Single(findings.GetProperty("items").EnumerateArray());
        Assert.Equal(2, finding.GetProperty("track").GetInt32());
        Assert.Equal(0.9, finding.GetProperty("confidence").GetDouble());
        var evidence = finding.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Equal(["logs/checkout.log", "deploy"], evidence);
    }

    [Fact]
    public async Task ListTimeline_PagedByCursor_ReturnsEveryEventOnceInOrder()
    {
        // Arrange
        var sequences = new List<long>();
        string? next = $"/api/v1/incidents/{fixture.Rich.Id}/timeline?limit=100";
        var pages = 0;

        // Act
        while (next is not null)
        {
            var page = await GetJsonAsync(next);
            sequences.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
            next = page.GetProperty("next").GetString();
            pages++;
        }

        // Assert
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 250).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task ListTimeline_FilteredByKind_CountsOnlyThatKind()
    {
        // Act
        var page = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/timeline?kind=finding&limit=1000");

        // Assert
        Assert.Equal(124, page.GetProperty("total").GetInt32());
        Assert.All(page.GetProperty("items").EnumerateArray(), e => Assert.Equal("finding", e.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task ListCommunications_IncludeDraftsAwaitingApproval()
    {
        // Act
        var all = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/communications");
        var drafts = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/communications?status=draft");

        // Assert
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());
        Assert.Equal(1, all.GetProperty("awaiting_approval").GetInt32());
        var draft = Assert.Single(drafts.GetProperty("items").EnumerateArray());
        Assert.Equal("C-2", draft.GetProperty("id").GetString());
        Assert.True(draft.GetProperty("awaiting_approval").GetBoolean());
        Assert.Equal("Fix in progress", draft.GetProperty("body").GetString());
    }

    [Fact]
    public async Task GetPostMortem_AsJsonOrMarkdown_ReturnsReportAndRunbook()
    {
        // Arrange
        using var markdownRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/incidents/{fixture.Rich.Id}/postmortem");
        markdownRequest.Headers.Accept.ParseAdd("text/markdown");

        // Act
        var json = await GetJsonAsync($"/api/v1/incidents/{fixture.Rich.Id}/postmortem");
        var markdown = await _http.SendAsync(markdownRequest);

        // Assert
        Assert.Equal("1. Roll back", json.GetProperty("runbook").GetString());
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Post-mortem", await markdown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetPostMortem_NotWrittenYet_Is404ProblemDetails()
    {
        // Arrange
        var first = (await GetJsonAsync("/api/v1/incidents?limit=1&priority=P4")).GetProperty("items")[0].GetProperty("incident").GetString();

        // Act
        var response = await _http.GetAsync($"/api/v1/incidents/{first}/postmortem");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("has no post-mortem yet", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryMappedRoute()
    {
        // Arrange
        var mapped = ((IEndpointRouteBuilder)fixture.Host.App).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .Select(e => Normalize(e.RoutePattern.RawText!))
            .Where(p => p is not "/metrics" and not "/openapi/{documentName}.json")
            .Distinct()
            .ToList();

        // Act
        var document = await GetJsonAsync(AgentOpsApi.OpenApiPath);

        // Assert
        var documented = document.GetProperty("paths").EnumerateObject().Select(p => Normalize(p.Name)).ToHashSet();
        Assert.Contains("/api/v1/incidents/{id}/timeline", mapped);
        Assert.All(mapped, route => Assert.Contains(route, documented));
    }

    private static string Normalize(string route)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+):[^}]+\}", "{$1}").TrimEnd('/');
        return path.Length == 0 ? "/" : path;
    }

    private static string? Text(JsonElement item, string name) =>
        item.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
