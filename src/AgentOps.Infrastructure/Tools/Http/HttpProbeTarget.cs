namespace AgentOps.Infrastructure.Tools.Http;

/// <summary>An HTTP endpoint the probe tool may call (GET only).</summary>
public sealed class HttpProbeTarget
{
    /// <summary>Short name, e.g. <c>auth</c>.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Absolute URL, e.g. <c>http://auth.internal/health</c>.</summary>
    public Uri? Url { get; set; }
}
