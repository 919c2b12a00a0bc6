using System.Globalization;
using System.Text.Json;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Client of Grafana Loki's HTTP API (<c>GET /loki/api/v1/query_range</c>). The <see cref="HttpClient"/>
/// carries the base address and timeout (see <see cref="LogsServiceCollectionExtensions.AddLogTools"/>).</summary>
public sealed class LokiClient(HttpClient http)
{
    /// <summary>Runs a LogQL log query over a time range and returns the lines oldest first.</summary>
    /// <param name="query">LogQL stream selector and filters, e.g. <c>{app="api"} |= "error"</c>.</param>
    /// <param name="start">Start of the range (inclusive).</param>
    /// <param name="end">End of the range (exclusive).</param>
    /// <param name="limit">Most lines to return.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <exception cref="InvalidOperationException">When no base address is configured.</exception>
    /// <exception cref="HttpRequestException">When Loki cannot be reached.</exception>
    /// <exception cref="TaskCanceledException">When the request times out or is cancelled.</exception>
    /// <exception cref="LokiException">When Loki answers with an error or an unexpected body.</exception>
    public async Task<IReadOnlyList<LokiEntry>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (http.BaseAddress is null)
        {
            throw new InvalidOperationException($"No Loki address: set {LogsOptions.SectionName}:{nameof(LogsOptions.LokiBaseUrl)}.");
        }

        var uri = string.Create(
            CultureInfo.InvariantCulture,
            $"loki/api/v1/query_range?query={Uri.EscapeDataString(query)}&start={ToNanoseconds(start)}&end={ToNanoseconds(end)}&limit={limit}&direction=forward");
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var excerpt = body.Length > 300 ? body[..300] : body;
            throw new LokiException($"Loki answered {(int)response.StatusCode} {response.ReasonPhrase}: {excerpt.Trim()}");
        }

        try
        {
            return Parse(body);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LokiException($"Loki's answer is not a stream result: {e.Message}", e);
        }
    }

    private static List<LokiEntry> Parse(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new LokiException($"Loki status '{root.GetProperty("status").GetString()}'.");
        }

        var data = root.GetProperty("data");
        var type = data.GetProperty("resultType").GetString();
        if (type != "streams")
        {
            throw new LokiException($"Expected a 'streams' result, got '{type}' (a metric query?).");
        }

        var entries = new List<LokiEntry>();
        foreach (var stream in data.GetProperty("result").EnumerateArray())
        {
            var labels = stream.TryGetProperty("stream", out var l)
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var value in stream.GetProperty("values").EnumerateArray())
            {
                var ns = long.Parse(value[0].GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
                entries.Add(new LokiEntry(DateTimeOffset.UnixEpoch.AddTicks(ns / 100), value[1].GetString() ?? string.Empty, labels));
            }
        }

        entries.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return entries;
    }

    private static long ToNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
}
