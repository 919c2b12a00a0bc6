using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>Settings of <see cref="LogTemplateMiner"/>. One configuration serves every log: the defaults are the
/// values measured on LogHub (see docs/benchmarks.md), not tuned per system.</summary>
public sealed class LogTemplateMinerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Logs:Miner";

    /// <summary>Share of a template's constant tokens a line must repeat to join it.</summary>
    /// <value>Default 0.5.</value>
    [Range(0.0, 1.0)]
    public double SimilarityThreshold { get; set; } = 0.7;

    /// <summary>Number of leading tokens used as keys of the prefix tree, below the token-count level.</summary>
    /// <value>Default 2.</value>
    [Range(0, 8)]
    public int PrefixDepth { get; set; } = 2;

    /// <summary>Children per tree node before new tokens share the wildcard branch.</summary>
    /// <value>Default 100.</value>
    [Range(2, 100_000)]
    public int MaxChildren { get; set; } = 100;

    /// <summary>A position that became a wildcard by merging is still a constant, and splits the template, when it held
    /// between 2 and this many distinct words; 0 or 1 never splits. Tracking stops at a position past this count.</summary>
    /// <value>Default 3.</value>
    [Range(0, 64)]
    public int MaxConstantVariants { get; set; } = 3;

    /// <summary>Most templates the tree creates. Past it, a line that matches none joins a catch-all template of its
    /// token count, so that memory stays bounded on logs of unique lines.</summary>
    /// <value>Default 50 000.</value>
    [Range(1, 10_000_000)]
    public int MaxClusters { get; set; } = 50_000;

    /// <summary>Width of the time buckets in which a template's peak burst is counted.</summary>
    /// <value>Default one minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan BurstWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Year given to timestamps whose format carries none (syslog).</summary>
    /// <value>Default 2000; hosts pass the current year.</value>
    [Range(1, 9999)]
    public int DefaultYear { get; set; } = 2000;

    /// <summary>Maximum length of the sample line kept per template.</summary>
    /// <value>Default 300 characters.</value>
    [Range(16, 100_000)]
    public int SampleLength { get; set; } = 300;
}
