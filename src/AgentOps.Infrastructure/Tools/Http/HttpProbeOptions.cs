using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Http;

/// <summary>HTTP probe tool settings (section <c>Tools:Http</c>). The tool is available only when at least one target is set.</summary>
public sealed class HttpProbeOptions
{
    /// <summary>Endpoints to probe. Default none (tool disabled).</summary>
    public List<HttpProbeTarget> Targets { get; init; } = [];

    /// <summary>Requests per latency probe. Default 10.</summary>
    [Range(1, 200)]
    public int ProbeCount { get; set; } = 10;

    /// <summary>Timeout of one request, in seconds. Default 5.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 5;
}
