using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>How the autonomous pipeline of <c>agentops serve</c> claims and works incidents. Bound from the <c>Pipeline</c> section.</summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Pipeline";

    /// <summary>Whether <c>serve</c> runs the pipeline (intake worker and incident worker).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether <c>serve</c> watches the drop folder (<c>Mail:InboxPath</c>) for <c>.eml</c> files.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool WatchDropFolder { get; set; } = true;

    /// <summary>Name of this node in claims and on the timeline.</summary>
    /// <value>Default none: <c>host:pid:random</c>.</value>
    public string? NodeId { get; set; }

    /// <summary>
    /// How long a claim on an incident lasts without renewal. A node renews its claims every third of it; the claims of a
    /// node that died are taken over by another node once this has passed.
    /// </summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.300", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the store is asked for incidents to work when nothing woke the worker (a local intake wakes it at once).</summary>
    /// <value>Default 2 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many incidents one node works at once; their work items share the <c>Dispatch</c> limits.</summary>
    /// <value>Default 16.</value>
    [Range(1, 1024)]
    public int MaxConcurrentIncidents { get; set; } = 16;

    /// <summary>How many times a work item is tried before its failure is recorded on the timeline.</summary>
    /// <value>Default 3.</value>
    [Range(1, 20)]
    public int StepAttempts { get; set; } = 3;

    /// <summary>Delay before the first retry of a failed work item; doubled after each failure up to <see cref="StepRetryMaxDelay"/>.</summary>
    /// <value>Default 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StepRetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two tries of a work item.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StepRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When a whole pass over an incident fails (the store is down), how long before any node tries the incident again.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FailedPassRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Actor recorded on the timeline for the pipeline's own events.</summary>
    /// <value>Default <c>agentops</c>.</value>
    [Required]
    public string Actor { get; set; } = "agentops";
}
