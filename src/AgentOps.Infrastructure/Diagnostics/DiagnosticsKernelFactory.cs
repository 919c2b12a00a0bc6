using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Http;
using AgentOps.Infrastructure.Tools.Logs;
using AgentOps.Infrastructure.Tools.Postgres;
using AgentOps.Infrastructure.Tools.Prometheus;
using AgentOps.Infrastructure.Tools.Redis;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>
/// Builds a <see cref="Kernel"/> holding the diagnostic plugins (<c>postgres</c>, <c>redis</c>, <c>prometheus</c>, <c>http</c>, <c>logs</c>)
/// whose targets are configured; a tool without a target is not added, so no agent can call it. The offline playbooks
/// and the LLM agents call the same kernel functions.
/// </summary>
public sealed class DiagnosticsKernelFactory
{
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly LogsPluginFactory _logs;
    private readonly IReadOnlyList<KernelPlugin> _extra;

    /// <summary>Creates the factory.</summary>
    /// <param name="http">HTTP client of the Prometheus and HTTP probe tools.</param>
    /// <param name="time">Clock of the tools.</param>
    /// <param name="logs">Builder of the <c>logs</c> plugin; null: default settings and no Loki server.</param>
    /// <param name="extraPlugins">Other read-only tool plugins added to every kernel.</param>
    public DiagnosticsKernelFactory(HttpClient http, TimeProvider time, LogsPluginFactory? logs = null, IEnumerable<KernelPlugin>? extraPlugins = null)
    {
        _http = http;
        _time = time;
        _logs = logs ?? LogsPluginFactory.CreateDefault(http, time);
        _extra = extraPlugins?.ToList() ?? [];
    }

    /// <summary>Names of the tool plugins a kernel may hold.</summary>
    public static IReadOnlyList<string> PluginNames { get; } = ["postgres", "redis", "prometheus", "http", LogsPluginFactory.PluginName];

    /// <summary>Creates a kernel with the plugins of the configured tools (log sources in configuration order, no incident).</summary>
    public Kernel Create(ToolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(options, LogSourceSelector.Configured(options.Logs));
    }

    /// <summary>
    /// The tools of <paramref name="options"/> as an invoker that adapts to each track it investigates: the track's
    /// <c>logs</c> plugin reads the sources <see cref="LogSourceSelector"/> chooses for the incident (tags, named services
    /// and hosts, attachments, time window), and the choice goes on the timeline. The other plugins are shared.
    /// </summary>
    public KernelToolInvoker CreateInvoker(ToolsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var shared = Create(options);
        return new KernelToolInvoker(shared, (context, track) => Scope(shared, options, context, track));
    }

    private ScopedTools Scope(Kernel shared, ToolsOptions options, IncidentContext context, Track track)
    {
        var selection = LogSourceSelector.Select(options.Logs, context, track.Kind);
        var kernel = new Kernel(shared.Services, new KernelPluginCollection(shared.Plugins.Where(p => p.Name != LogsPluginFactory.PluginName)));
        if (_logs.CreateKernelPlugin(options.Logs, selection) is not { } logs)
        {
            return new ScopedTools(new KernelToolInvoker(kernel), selection.Notes);
        }

        kernel.Plugins.Add(logs);
        var notes = new List<string>();
        if (selection.Sources.Count > 0)
        {
            notes.Add($"Log sources of track #{track.Number} ({track.Kind}), read in this order: {selection.Describe()}."
                + (selection.Window is { } w ? $" Searches centre on {w}, around the incident start: {w.Reason}." : string.Empty));
        }

        notes.AddRange(selection.Notes);
        return new ScopedTools(new KernelToolInvoker(kernel), notes);
    }

    /// <summary>Creates a kernel with the plugins of the configured tools, its <c>logs</c> plugin over <paramref name="logSources"/>.</summary>
    public Kernel Create(ToolsOptions options, LogSourceSelection logSources)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logSources);
        var kernel = new Kernel();
        if (!string.IsNullOrWhiteSpace(options.Postgres.ConnectionString))
        {
            kernel.Plugins.AddFromObject(new PostgresPlugin(options.Postgres), "postgres");
        }

        if (!string.IsNullOrWhiteSpace(options.Redis.Configuration))
        {
            kernel.Plugins.AddFromObject(new RedisPlugin(options.Redis), "redis");
        }

        if (options.Prometheus.Url is not null)
        {
            kernel.Plugins.AddFromObject(new PrometheusPlugin(options.Prometheus, _http, _time), "prometheus");
        }

        if (options.Http.Targets.Any(t => t.Url is not null))
        {
            kernel.Plugins.AddFromObject(new HttpProbePlugin(options.Http, _http), "http");
        }

        if (_logs.CreateKernelPlugin(options.Logs, logSources) is { } logs)
        {
            kernel.Plugins.Add(logs);
        }

        foreach (var plugin in _extra)
        {
            kernel.Plugins.Add(plugin);
        }

        return kernel;
    }
}
