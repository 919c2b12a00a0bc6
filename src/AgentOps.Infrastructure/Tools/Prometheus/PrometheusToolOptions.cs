using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Prometheus;

/// <summary>Prometheus diagnostic tool settings (section <c>Tools:Prometheus</c>). The tool is available only when a URL is set.</summary>
public sealed class PrometheusToolOptions
{
    /// <summary>Base URL of the Prometheus server, e.g. <c>http://127.0.0.1:9090</c>. Default none (tool disabled).</summary>
    public Uri? Url { get; set; }

    /// <summary>Histogram (without <c>_bucket</c>) used for latency percentiles. Default <c>http_request_duration_seconds</c>.</summary>
    [Required]
    public string LatencyHistogram { get; set; } = "http_request_duration_seconds";

    /// <summary>Counter of requests used for the error rate. Default <c>http_requests_total</c>.</summary>
    [Required]
    public string RequestsCounter { get; set; } = "http_requests_total";

    /// <summary>Label of <see cref="RequestsCounter"/> holding the HTTP status. Default <c>status</c>.</summary>
    [Required]
    public string StatusLabel { get; set; } = "status";

    /// <summary>PromQL giving a 0..1 saturation ratio (e.g. pool in use / pool size). Default none (check skipped).</summary>
    public string? SaturationQuery { get; set; }

    /// <summary>Rate window. Default <c>5m</c>.</summary>
    [Required]
    public string Window { get; set; } = "5m";

    /// <summary>How far back the baseline window is. Default <c>1h</c> (same duration one hour before).</summary>
    [Required]
    public string BaselineOffset { get; set; } = "1h";

    /// <summary>HTTP timeout, in seconds. Default 5.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 5;
}
