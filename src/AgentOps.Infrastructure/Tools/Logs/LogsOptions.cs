using System.ComponentModel.DataAnnotations;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Settings of the log tools (section <c>Logs</c>); the miner's own settings are under <c>Logs:Miner</c>.</summary>
public sealed class LogsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Logs";

    /// <summary>Base address of a Grafana Loki server, e.g. <c>http://127.0.0.1:3100/</c>; empty disables
    /// <c>loki_query</c>.</summary>
    /// <value>Default empty.</value>
    public string LokiBaseUrl { get; set; } = string.Empty;

    /// <summary>Time allowed for one Loki request.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LokiTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most characters a plugin function returns to the model; longer answers are cut with a note.</summary>
    /// <value>Default 6000.</value>
    [Range(500, 1_000_000)]
    public int MaxOutputChars { get; set; } = 6000;

    /// <summary>Bytes read at the start of a file to decide whether it is binary.</summary>
    /// <value>Default 8192.</value>
    [Range(64, 1_048_576)]
    public int BinarySniffBytes { get; set; } = 8192;

    /// <summary>Lines longer than this are cut before mining (protects memory against one-line files).</summary>
    /// <value>Default 65536 characters.</value>
    [Range(256, 16_777_216)]
    public int MaxLineLength { get; set; } = 65_536;
}
