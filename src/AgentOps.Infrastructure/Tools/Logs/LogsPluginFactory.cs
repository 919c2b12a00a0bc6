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

    /// <summary>The plugin object over <paramref name="sources"/> in configuration order, with no incident (every function, whether its source is configured or not).</summary>
    public LogsPlugin CreatePlugin(LogSourcesOptions sources) => CreatePlugin(sources, LogSourceSelector.Configured(sources));

    /// <summary>The plugin object over the sources <paramref name="selection"/> chose among <paramref name="sources"/>.</summary>
    public LogsPlugin CreatePlugin(LogSourcesOptions sources, LogSourceSelection selection)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(selection);
        return new LogsPlugin(_analyzer, _reader, _loki, sources, selection, _options, _minerOptions, _time);
    }

    /// <summary>
    /// The kernel plugin <c>logs</c> over <paramref name="sources"/> in configuration order, offering only the functions
    /// whose source is set (see <see cref="CreateKernelPlugin(LogSourcesOptions, LogSourceSelection)"/>). Null when nothing is set.
    /// </summary>
    public KernelPlugin? CreateKernelPlugin(LogSourcesOptions sources) => CreateKernelPlugin(sources, LogSourceSelector.Configured(sources));

    /// <summary>
    /// The kernel plugin <c>logs</c> over the sources <paramref name="selection"/> chose, offering only the functions
    /// whose source is set: <c>search</c>, <c>mine_templates</c> and <c>error_spikes</c> with a file, folder or attachment,
    /// <c>loki_query</c> with a Loki server, <c>search</c> over Loki with a server and a Loki stream, <c>sources</c> with
    /// any source. Null when nothing is set.
    /// </summary>
    public KernelPlugin? CreateKernelPlugin(LogSourcesOptions sources, LogSourceSelection selection)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(selection);
        var readable = selection.HasReadableSources;
        var lokiSearch = HasLoki && selection.Sources.Any(s => s.Source.Kind == LogSourceKind.Loki);
        if (!readable && !HasLoki)
        {
            return null;
        }

        var all = KernelPluginFactory.CreateFromObject(CreatePlugin(sources, selection), PluginName);
        var offered = all.Where(f => f.Name switch
        {
            "loki_query" => HasLoki,
            "search" => readable || lokiSearch,
            "sources" => selection.Sources.Count > 0,
            _ => readable,
        }).ToList();
        return KernelPluginFactory.CreateFromFunctions(PluginName, all.Description, offered);
    }
}
