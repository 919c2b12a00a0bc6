using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>Settings of <see cref="ErrorSpikeDetector"/>.</summary>
public sealed class ErrorSpikeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Logs:Spikes";

    /// <summary>Width of the time windows on which errors are counted.</summary>
    /// <value>Default one minute.</value>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A window is a spike when its error count exceeds the baseline (median of all windows from the first
    /// to the last line, empty ones included) times this factor.</summary>
    /// <value>Default 3.</value>
    [Range(1.0, 1000.0)]
    public double Factor { get; set; } = 3.0;

    /// <summary>Fewest errors a window needs to be reported, whatever the baseline.</summary>
    /// <value>Default 5.</value>
    [Range(1, int.MaxValue)]
    public int MinErrors { get; set; } = 5;
}
