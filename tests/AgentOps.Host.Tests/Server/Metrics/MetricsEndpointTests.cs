using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.GitHub;
using AgentOps.Infrastructure.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Tests.Server.Metrics;

/// <summary>
/// Scrapes <c>/metrics</c> before and after real activity: an email through intake and triage, an SLA breach fired by
/// the escalator, GitHub calls to a loopback GitHub stand-in, and the store's incidents and outbox.
/// </summary>
public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private WebApplication _github = null!;
    private ServerHost _host = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _github = builder.Build();
        _github.MapGet("/{**path}", (HttpContext http) =>
        {
            http.Response.Headers["X-RateLimit-Remaining"] = "4321";
            http.Response.Headers["X-RateLimit-Reset"] = "4102444800";
            return Results.Text("[]", "application/json");
        });
        await _github.StartAsync();
        _host = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repo"] = "payments",
            ["GitHub:Token"] = "test-token",
            ["GitHub:BaseUrl"] = $"http://127.0.0.1:{port}/",
            ["GitHub:PollInterval"] = "01:00:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public async Task Scrape_AfterRealActivity_ShowsEveryAgentOpsMetricWithItsValue()
    {
        // Arrange
        using var http = _host.Client();
        var before = Parse(await http.GetStringAsync("/metrics"));
        await _host.AddIncidentAsync("Seeded P4", Priority.P4, IncidentState.Resolved);
        var intake = _host.App.Services.GetRequiredService<IntakeService>();
        var outcome = await intake.ProcessAsync(
            new InboundEmail
            {
                MessageId = $"<{Guid.NewGuid():N}@client.example>",
                FromAddress = "ops@client-existant.fr",
                Subject = "URGENT paiements en erreur 500, production bloquée",
                NewText = "Depuis 14h tous les paiements échouent avec une erreur 500. La production est bloquée.",
            },
            IntakeContext.Cli);
        var incidentId = Assert.IsType<string>(outcome.IncidentId);
        await _host.App.Services.GetRequiredService<SlaEscalator>().FireAsync(incidentId, "resolve-breach");
        await _host.App.Services.GetRequiredService<GitHubRepositoryClient>().ListLabelsAsync(CancellationToken.None);
        var incident = (await _host.Store.FindAsync(incidentId))!;
        var pending = (await _host.Store.ListOutboxAsync()).Count(m => m.Status == OutboxStatus.Pending);

        // Act
        var text = await http.GetStringAsync("/metrics");
        var after = Parse(text);

        // Assert
        Assert.All(after.Keys.Select(k => k.Name), name => Assert.StartsWith("agentops_", name, StringComparison.Ordinal));
        Assert.True(Delta(before, after, "agentops_signals_received_total", "channel=\"email\"") >= 1, text);
        Assert.True(Delta(before, after, "agentops_triage_latency_seconds_count", $"priority=\"{incident.Priority}\"") >= 1, text);
        Assert.True(Delta(before, after, "agentops_sla_breaches_total", $"deadline=\"resolve\",priority=\"{incident.Priority}\"") >= 1, text);
        Assert.True(Delta(before, after, "agentops_github_api_calls_total", "method=\"GET\",status=\"200\"") >= 1, text);
        Assert.Equal(4321, Value(after, "agentops_github_rate_limit_remaining", string.Empty));
        Assert.Equal(1, Value(after, "agentops_incidents", "priority=\"P4\",state=\"Resolved\""));
        Assert.Equal(1, Value(after, "agentops_incidents", $"priority=\"{incident.Priority}\",state=\"{incident.State}\""));
        Assert.Equal(pending, Value(after, "agentops_outbox_depth", "status=\"Pending\""));
        Assert.True(pending >= 1, "the breach alert is queued in the outbox");
        Assert.Contains("agentops_triage_latency_seconds_bucket", text, StringComparison.Ordinal);
    }

    private static double Delta(Dictionary<(string Name, string Labels), double> before, Dictionary<(string Name, string Labels), double> after, string name, string labels) =>
        Value(after, name, labels) - (Find(before, name, labels) ?? 0);

    private static double Value(Dictionary<(string Name, string Labels), double> metrics, string name, string labels) =>
        Find(metrics, name, labels) ?? throw new Xunit.Sdk.XunitException($"No {name} with {labels} in: {string.Join(", ", metrics.Keys.Where(k => k.Name == name).Select(k => k.Labels))}");

    private static double? Find(Dictionary<(string Name, string Labels), double> metrics, string name, string labels) =>
        metrics.Where(m => m.Key.Name == name && m.Key.Labels.Contains(labels, StringComparison.Ordinal)).Select(m => (double?)m.Value).Sum();

    private static Dictionary<(string Name, string Labels), double> Parse(string exposition)
    {
        var metrics = new Dictionary<(string Name, string Labels), double>();
        foreach (var line in exposition.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a sample line: {line}");
            var labels = Regex.Replace(match.Groups["labels"].Value, "otel_scope_[a-z_]+=\"[^\"]*\",?", string.Empty);
            metrics[(match.Groups["name"].Value, labels)] = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return metrics;
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>[^}]*)\\})? (?<value>[^ ]+)( [0-9]+)?$")]
    private static partial Regex SampleLine();
}
