using System.ComponentModel.DataAnnotations;

namespace AgentOps.Core.Communication;

/// <summary>How the outbox is delivered: batch size, lease, retries with exponential backoff. Section <c>Outbox</c>.</summary>
public sealed class OutboxDispatcherOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Outbox";

    /// <summary>Attempts before a message is kept as dead (visible in <c>status</c>, never deleted).</summary>
    /// <value>Default 8.</value>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Delay after the first failure; doubled after each further failure.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of the retry delay.</summary>
    /// <value>Default 1 hour.</value>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claimed message is reserved for this dispatcher; after a crash it becomes due again.</summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Messages claimed per pass.</summary>
    /// <value>Default 20.</value>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    /// <summary>Pause between passes of the background dispatcher when nothing was due.</summary>
    /// <value>Default 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Name of this dispatcher in claims.</summary>
    /// <value>Default <c>machine:pid</c>.</value>
    public string Owner { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1: initial × 2^(failed − 1), capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = InitialRetryDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetryDelay.Ticks ? MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }
}
