using System.ComponentModel;
using System.Diagnostics;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tools.Http;

/// <summary>HTTP health checks and latency probes of the configured targets (GET only) as kernel functions.</summary>
public sealed class HttpProbePlugin
{
    private const string Tool = "http";
    private readonly HttpProbeOptions _options;
    private readonly HttpClient _http;

    public HttpProbePlugin(HttpProbeOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = http;
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    [KernelFunction("health"), Description("Calls the health endpoint of each configured target (or one by name): HTTP status, healthy (2xx), latency and a body excerpt.")]
    public Task<string> HealthAsync(
        [Description("Name of one configured target; empty for all.")] string? target = null,
        CancellationToken cancellationToken = default) =>
        ToolJson.GuardAsync(Tool, (Timeout * Math.Max(1, _options.Targets.Count)) + TimeSpan.FromSeconds(1), async ct =>
        {
            var results = new List<object>();
            foreach (var t in Select(target))
            {
                var (status, ms, body, error) = await GetAsync(t.Url!, ct).ConfigureAwait(false);
                results.Add(new
                {
                    name = t.Name,
                    url = t.Url!.ToString(),
                    status,
                    healthy = status is >= 200 and < 300,
                    latency_ms = Math.Round(ms, 1),
                    body_excerpt = body,
                    error,
                });
            }

            return new { ok = true, targets = results };
        }, cancellationToken);

    [KernelFunction("latency_probe"), Description("Sends n sequential GET requests to each configured target (or one by name) and reports p50, p95 and max latency in ms and the failures.")]
    public Task<string> LatencyProbeAsync(
        [Description("Name of one configured target; empty for all.")] string? target = null,
        [Description("Requests per target (1-200); 0 uses the configured count (default 10).")] int count = 0,
        CancellationToken cancellationToken = default)
    {
        var n = count > 0 ? Math.Clamp(count, 1, 200) : _options.ProbeCount;
        return ToolJson.GuardAsync(Tool, (Timeout * n * Math.Max(1, _options.Targets.Count)) + TimeSpan.FromSeconds(1), async ct =>
        {
            var results = new List<object>();
            foreach (var t in Select(target))
            {
                var latencies = new List<double>();
                var errors = 0;
                string? firstError = null;
                for (var i = 0; i < n; i++)
                {
                    var (status, ms, _, error) = await GetAsync(t.Url!, ct).ConfigureAwait(false);
                    latencies.Add(ms);
                    if (error is not null || status >= 500)
                    {
                        errors++;
                        firstError ??= error ?? $"HTTP {status}";
                    }
                }

                latencies.Sort();
                results.Add(new
                {
                    name = t.Name,
                    url = t.Url!.ToString(),
                    count = n,
                    errors,
                    p50_ms = Math.Round(Percentile(latencies, 0.5), 1),
                    p95_ms = Math.Round(Percentile(latencies, 0.95), 1),
                    max_ms = Math.Round(latencies[^1], 1),
                    first_error = firstError,
                });
            }

            return new { ok = true, targets = results };
        }, cancellationToken);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private IEnumerable<HttpProbeTarget> Select(string? name)
    {
        var targets = _options.Targets.Where(t => t.Url is not null).ToList();
        if (string.IsNullOrWhiteSpace(name))
        {
            return targets;
        }

        var match = targets.Where(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count > 0
            ? match
            : throw new InvalidOperationException($"no target named '{name}'; known: {string.Join(", ", targets.Select(t => t.Name))}");
    }

    private async Task<(int? Status, double Ms, string? Body, string? Error)> GetAsync(Uri url, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return ((int)response.StatusCode, watch.Elapsed.TotalMilliseconds, ToolJson.Trim(body, 200), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, watch.Elapsed.TotalMilliseconds, null, $"timed out after {Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return (null, watch.Elapsed.TotalMilliseconds, null, ToolJson.Trim(ex.Message, 200));
        }
    }
}
