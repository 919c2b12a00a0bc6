using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// One tagged log source of <see cref="LogSourcesOptions.Sources"/>: a file or folder, or a Loki stream, with the tracks,
/// services and hosts it covers. Tags only rank and filter; an untagged source is offered to every track.
/// </summary>
public sealed class LogSourceOptions
{
    /// <summary>Name the agents and the timeline use for the source (<c>payments-api</c>); the model may pass it as <c>path</c>.</summary>
    /// <value>Default empty: the path, or <c>loki:</c> followed by the query.</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>A log file or folder (read recursively, <c>.gz</c> included). Set this or <see cref="LokiQuery"/>.</summary>
    /// <value>Default empty.</value>
    public string Path { get; set; } = string.Empty;

    /// <summary>LogQL stream selector in Loki (<c>{app="payments"}</c>), read with <see cref="LogsOptions.LokiBaseUrl"/>. Set this or <see cref="Path"/>.</summary>
    /// <value>Default empty.</value>
    public string LokiQuery { get; set; } = string.Empty;

    /// <summary>Track kinds that read this source (<c>Application</c>, <c>Database</c>, <c>Cache</c>, <c>Network</c>...); other tracks do not see it.</summary>
    /// <value>Default none: every track.</value>
    public List<string> Tracks { get; init; } = [];

    /// <summary>Services the source covers, with aliases in the reporters' languages (<c>payments</c>, <c>paiements</c>, <c>checkout</c>); a service the incident names ranks the source first.</summary>
    /// <value>Default none.</value>
    public List<string> Services { get; init; } = [];

    /// <summary>Hosts the source covers (<c>web-01</c>, <c>db1.prod.local</c>); a host the incident names ranks the source first.</summary>
    /// <value>Default none.</value>
    public List<string> Hosts { get; init; } = [];
}
