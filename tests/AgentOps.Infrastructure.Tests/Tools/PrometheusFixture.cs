using System.Globalization;
using System.Text;
using AgentOps.Infrastructure.Diagnostics.Drills;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Tools.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Infrastructure.Tests.Tools;

/// <summary>
/// A real Prometheus scraping an in-process service every second. Each scrape the service has served 10 more requests:
/// 7 answered 200 and 3 answered 500, all between 0.25 s and 0.5 s.
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private DrillWebApp? _service;
    private PrometheusServer? _prometheus;
    private long _scrapes;

    public Uri Url => _prometheus!.Url;

    public PrometheusToolOptions Options => new() { Url = Url, Window = "10s", BaselineOffset = "1h", TimeoutSeconds = 5 };

    public async Task InitializeAsync()
    {
        _service = await DrillWebApp.StartAsync(app => app.MapGet("/metrics", () => Results.Text(Metrics(Interlocked.Increment(ref _scrapes)), "text/plain; version=0.0.4")), CancellationToken.None);
        _prometheus = await PrometheusServer.StartAsync([$"127.0.0.1:{_service.Url.Port}"], TimeSpan.FromSeconds(1));
        using var http = new HttpClient();
        for (var i = 0; i < 60; i++)
        {
            var body = await http.GetStringAsync(new Uri(Url, $"api/v1/query?query={Uri.EscapeDataString("sum(rate(http_requests_total[10s] offset 3s))")}"));
            if (body.Contains("\"value\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException("Prometheus had no rate 3 s back within 30 s.");
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    private static string Metrics(long scrape)
    {
        var total = scrape * 10;
        var builder = new StringBuilder()
            .AppendLine("# TYPE http_request_duration_seconds histogram");
        foreach (var (le, count) in new[] { ("0.1", 0L), ("0.25", 0L), ("0.5", total), ("1", total), ("+Inf", total) })
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{le=\"{le}\"}} {count}");
        }

        return builder
            .AppendLine(CultureInfo.InvariantCulture, $"http_request_duration_seconds_sum {total * 0.4}")
            .AppendLine(CultureInfo.InvariantCulture, $"http_request_duration_seconds_count {total}")
            .AppendLine("# TYPE http_requests_total counter")
            .AppendLine(CultureInfo.InvariantCulture, $"http_requests_total{{status=\"200\"}} {scrape * 7}")
            .AppendLine(CultureInfo.InvariantCulture, $"http_requests_total{{status=\"500\"}} {scrape * 3}")
            .ToString();
    }
}
