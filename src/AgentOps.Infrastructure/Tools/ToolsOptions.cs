using AgentOps.Infrastructure.Tools.Http;
using AgentOps.Infrastructure.Tools.Logs;
using AgentOps.Infrastructure.Tools.Postgres;
using AgentOps.Infrastructure.Tools.Prometheus;
using AgentOps.Infrastructure.Tools.Redis;

namespace AgentOps.Infrastructure.Tools;

/// <summary>Settings of the diagnostic tools (section <c>Tools</c>); a tool without its target set is not offered.</summary>
public sealed class ToolsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Tools";

    public PostgresToolOptions Postgres { get; init; } = new();

    public RedisToolOptions Redis { get; init; } = new();

    public PrometheusToolOptions Prometheus { get; init; } = new();

    public HttpProbeOptions Http { get; init; } = new();

    /// <summary>The log sources of the <c>logs</c> tool (section <c>Tools:Logs</c>).</summary>
    public LogSourcesOptions Logs { get; init; } = new();
}
