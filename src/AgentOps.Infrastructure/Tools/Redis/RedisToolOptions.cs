using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Redis;

/// <summary>Redis diagnostic tool settings (section <c>Tools:Redis</c>). The tool is available only when a configuration is set.</summary>
public sealed class RedisToolOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379,password=...</c>. Default none (tool disabled).</summary>
    public string? Configuration { get; set; }

    /// <summary>Connect and command timeout, in seconds. Default 3.</summary>
    [Range(1, 60)]
    public int TimeoutSeconds { get; set; } = 3;
}
