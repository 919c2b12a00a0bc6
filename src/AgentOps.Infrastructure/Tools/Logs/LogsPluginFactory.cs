using AgentOps.Core.Diagnostics.Logs;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// Builds the <c>logs</c> plugin of a diagnostic kernel over given sources, sharing the reader, the analyzer and the
/// Loki client. Registered by <see cref="LogsServiceCollectionExtensions.AddLogTools"/>.
/// </summary>
public sealed class LogsPluginFactory
{
    /// <summary>Name of the plugin in a kernel.</summary>
    public const string PluginName = "logs";

    private readonly LogsOptions _options;
    private readonly LogTemplateMinerOptions _minerOptions;
    private readonly LogFileReader _reader;
    private readonly LogAnalyzer _analyzer;
    private readonly LokiClient _loki;
    private readonly TimeProvider _time;

    /// <summary>Creates the factory.</summary>
    /// <param name="options">Output budget, binary sniffing, line cut, Loki server.</param>
    /// <param name="minerOptions">The miner's single configuration.</param>
    /// <param name="loki">Client of the Loki server of <see cref="LogsOptions.LokiBaseUrl"/> (its <see cref="HttpClient"/> carries the base address).</param>
    /// <param name="time">Clock of relative time ranges.</param>
    public LogsPluginFactory(IOptions<LogsOptions> options, IOptions<LogTemplateMinerOptions> minerOptions, LokiClient loki, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(minerOptions);
        _options = options.Value;
        _minerOptions = minerOptions.Value;
        _reader = new LogFileReader(options);
        _analyzer = new LogAnalyzer(_reader, minerOptions, time);
        _loki = loki;
        _time = time;
    }

    /// <summary>A factory with default settings and no Loki server (for kernels built outside a service container).</summary>
    /// <param name="http">Client handed to the (unused) Loki client; it is not disposed here.</param>
    /// <param name="time">Clock of relative time ranges.</param>
    public static LogsPluginFactory CreateDefault(HttpClient http, TimeProvider time) =>
        new(Options.Create(new LogsOptions()), Options.Create(new LogTemplateMinerOptions()), new LokiClient(http), time);

    /// <summary>Whether a Loki server is configured.</summary>
    public bool HasLoki => !string.IsNullOrWhiteSpace(_options.LokiBaseUrl);

    /// <summary>The plugin object over <paramref name="sources"/> (every function, whether its source is configured or not).</summary>
    public LogsPlugin CreatePlugin(LogSourcesOptions sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return new LogsPlugin(_analyzer, _reader, _loki, sources, _options, _minerOptions, _time);
    }

    /// <summary>
    /// The kernel plugin <c>logs</c> over <paramref name="sources"/>, offering only the functions whose source is set:
    /// <c>search</c>, <c>mine_templates</c> and <c>error_spikes</c> with files or folders, <c>loki_query</c> with a Loki
    /// server, <c>search</c> over Loki with a server and <see cref="LogSourcesOptions.LokiQuery"/>. Null when nothing is set.
    /// </summary>
    public KernelPlugin? CreateKernelPlugin(LogSourcesOptions sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var lokiSearch = HasLoki && !string.IsNullOrWhiteSpace(sources.LokiQuery);
        if (!sources.HasPaths && !HasLoki)
        {
            return null;
        }

        var all = KernelPluginFactory.CreateFromObject(CreatePlugin(sources), PluginName);
        var offered = all.Where(f => f.Name switch
        {
            "loki_query" => HasLoki,
            "search" => sources.HasPaths || lokiSearch,
            _ => sources.HasPaths,
        }).ToList();
        return KernelPluginFactory.CreateFromFunctions(PluginName, all.Description, offered);
    }
}
