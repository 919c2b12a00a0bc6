namespace AgentOps.Infrastructure.Tests.GitHub.Simulator;

/// <summary>Faults the simulator injects, drawn per request from a seeded random source.</summary>
internal sealed class SimulatorFaults
{
    /// <summary>Share of requests that fail (0..1).</summary>
    public double Rate { get; set; }

    /// <summary>Latency added to every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Delay of a "slow" answer (the write, if any, is applied first).</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Whether faults include slow answers.</summary>
    public bool IncludeSlow { get; set; }

    /// <summary>Retry-After of secondary rate limits, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    public int Seed { get; set; } = 42;
}
