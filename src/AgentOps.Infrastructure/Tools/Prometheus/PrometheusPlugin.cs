using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tools.Prometheus;

/// <summary>
/// Prometheus HTTP API (<c>/api/v1/query</c>, <c>/api/v1/query_range</c>) as kernel functions: latency percentiles,
/// error rate and saturation, each compared with a baseline window (the same expression evaluated <c>BaselineOffset</c> earlier).
/// </summary>
public sealed class PrometheusPlugin
{
    private const string Tool = "prometheus";
    private readonly PrometheusToolOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public PrometheusPlugin(PrometheusToolOptions options, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _http = http;
        _time = time;
    }

    private TimeSpan Timeout => TimeSpan.FromSeconds(_options.TimeoutSeconds);

    [KernelFunction("query"), Description("Evaluates a PromQL expression now (instant query) and returns up to 20 series with their labels and value.")]
    public Task<string> QueryAsync(
        [Description("PromQL expression, e.g. sum(rate(http_requests_total[5m])) by (status).")] string promql,
        CancellationToken cancellationToken = default) =>
        ToolJson.GuardAsync(Tool, Timeout, async ct =>
        {
            var result = await InstantAsync(promql, _time.GetUtcNow(), ct).ConfigureAwait(false);
            return new
            {
                ok = true,
                query = promql,
                result = result.Take(20).Select(s => new { metric = s.Labels, value = s.Value }).ToArray(),
                truncated = result.Count > 20,
            };
        }, cancellationToken);

    [KernelFunction("query_range"), Description("Evaluates a PromQL expression over the last minutes (range query); per series: labels, min, max, last and up to 30 sampled points.")]
    public Task<string> QueryRangeAsync(
        [Description("PromQL expression.")] string promql,
        [Description("How many minutes back from now (1-1440).")] int minutes = 30,
        [Description("Resolution step in seconds (1-3600).")] int stepSeconds = 60,
        CancellationToken cancellationToken = default) =>
        ToolJson.GuardAsync(Tool, Timeout, async ct =>
        {
            var end = _time.GetUtcNow();
            var start = end - TimeSpan.FromMinutes(Math.Clamp(minutes, 1, 1440));
            var url = $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Unix(start)}&end={Unix(end)}&step={Math.Clamp(stepSeconds, 1, 3600)}";
            using var document = await GetAsync(url, ct).ConfigureAwait(false);
            var series = document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Take(10).Select(s =>
            {
                var points = s.GetProperty("values").EnumerateArray().Select(v => (At: v[0].GetDouble(), Value: ParseValue(v[1]))).ToList();
                var stride = Math.Max(1, points.Count / 30);
                return new
                {
                    metric = Labels(s),
                    min = points.Count == 0 ? (double?)null : points.Min(p => p.Value),
                    max = points.Count == 0 ? (double?)null : points.Max(p => p.Value),
                    last = points.Count == 0 ? (double?)null : points[^1].Value,
                    points = points.Where((_, i) => i % stride == 0).Select(p => new[] { p.At, Math.Round(p.Value, 6) }).ToArray(),
                };
            }).ToArray();
            return new { ok = true, query = promql, series };
        }, cancellationToken);

    [KernelFunction("latency_percentile"), Description("Latency percentile (histogram_quantile over the request duration histogram) now and in the baseline window, with the ratio now/baseline.")]
    public Task<string> LatencyPercentileAsync(
        [Description("Quantile between 0 and 1, e.g. 0.95.")] double quantile = 0.95,
        [Description("Rate window, e.g. 5m; empty uses the configured window.")] string? window = null,
        [Description("How far back the baseline is, e.g. 1h; empty uses the configured offset.")] string? baselineOffset = null,
        CancellationToken cancellationToken = default)
    {
        var q = Math.Clamp(quantile, 0.01, 0.999).ToString("0.###", CultureInfo.InvariantCulture);
        var promql = $"histogram_quantile({q}, sum by (le) (rate({_options.LatencyHistogram}_bucket[{window ?? _options.Window}])))";
        return CompareAsync(promql, baselineOffset, new Dictionary<string, object> { ["quantile"] = quantile }, cancellationToken);
    }

    [KernelFunction("error_rate"), Description("Share of requests answered with 5xx now and in the baseline window, with the ratio now/baseline.")]
    public Task<string> ErrorRateAsync(
        [Description("Rate window, e.g. 5m; empty uses the configured window.")] string? window = null,
        [Description("How far back the baseline is, e.g. 1h; empty uses the configured offset.")] string? baselineOffset = null,
        CancellationToken cancellationToken = default)
    {
        var w = window ?? _options.Window;
        var counter = _options.RequestsCounter;
        var promql = $"(sum(rate({counter}{{{_options.StatusLabel}=~\"5..\"}}[{w}])) or vector(0)) / sum(rate({counter}[{w}]))";
        return CompareAsync(promql, baselineOffset, new Dictionary<string, object>(), cancellationToken);
    }

    [KernelFunction("saturation"), Description("The configured saturation ratio (0..1, e.g. pool in use / pool size) now and in the baseline window.")]
    public Task<string> SaturationAsync(
        [Description("PromQL giving a 0..1 ratio; empty uses the configured saturation query.")] string? promql = null,
        [Description("How far back the baseline is, e.g. 1h; empty uses the configured offset.")] string? baselineOffset = null,
        CancellationToken cancellationToken = default)
    {
        var query = string.IsNullOrWhiteSpace(promql) ? _options.SaturationQuery : promql;
        return query is null
            ? Task.FromResult(ToolJson.Serialize(new { ok = true, configured = false, note = "no saturation query configured (Tools:Prometheus:SaturationQuery)" }))
            : CompareAsync(query, baselineOffset, new Dictionary<string, object>(), cancellationToken);
    }

    private Task<string> CompareAsync(string promql, string? baselineOffset, Dictionary<string, object> extra, CancellationToken cancellationToken) =>
        ToolJson.GuardAsync(Tool, Timeout, async ct =>
        {
            var offset = ParseDuration(baselineOffset ?? _options.BaselineOffset);
            var now = _time.GetUtcNow();
            var current = Scalar(await InstantAsync(promql, now, ct).ConfigureAwait(false));
            var baseline = Scalar(await InstantAsync(promql, now - offset, ct).ConfigureAwait(false));
            var payload = new Dictionary<string, object?>
            {
                ["ok"] = true,
                ["query"] = promql,
                ["current"] = current,
                ["baseline"] = baseline,
                ["baseline_at"] = (now - offset).ToString("O", CultureInfo.InvariantCulture),
                ["ratio"] = current is { } c && baseline is > 0 ? Math.Round(c / baseline.Value, 2) : null,
                ["note"] = current is null ? "no data now" : baseline is null ? "no data in the baseline window" : null,
            };
            foreach (var (key, value) in extra)
            {
                payload[key] = value;
            }

            return payload;
        }, cancellationToken);

    /// <summary>Parses a Prometheus duration such as <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>.</summary>
    /// <exception cref="FormatException">Not a duration.</exception>
    internal static TimeSpan ParseDuration(string text)
    {
        var unit = text[^1];
        if (!double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"'{text}' is not a duration such as 30s, 5m, 1h or 1d.");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => throw new FormatException($"'{text}' is not a duration such as 30s, 5m, 1h or 1d."),
        };
    }

    private static double? Scalar(List<(Dictionary<string, string> Labels, double Value)> result) =>
        result.Count == 0 || double.IsNaN(result[0].Value) || double.IsInfinity(result[0].Value) ? null : Math.Round(result[0].Value, 6);

    private static string Unix(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static double ParseValue(JsonElement value) =>
        double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);

    private async Task<List<(Dictionary<string, string> Labels, double Value)>> InstantAsync(string promql, DateTimeOffset at, CancellationToken ct)
    {
        using var document = await GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}&time={Unix(at)}", ct).ConfigureAwait(false);
        var data = document.RootElement.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Select(s => (Labels(s), ParseValue(s.GetProperty("value")[1]))).ToList(),
            "scalar" => [(new Dictionary<string, string>(), ParseValue(result[1]))],
            _ => [],
        };
    }

    private async Task<JsonDocument> GetAsync(string relative, CancellationToken ct)
    {
        if (_options.Url is null)
        {
            throw new InvalidOperationException("no URL configured (Tools:Prometheus:Url)");
        }

        var url = new Uri(new Uri(_options.Url.ToString().TrimEnd('/') + "/"), relative);
        using var response = await _http.GetAsync(url, ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Prometheus answered {(int)response.StatusCode}: {ToolJson.Trim(body, 200)}");
        }

        return JsonDocument.Parse(body);
    }
}
