namespace AgentOps.Core.Model;

/// <summary>A claim an investigation track makes, with its evidence and confidence.</summary>
/// <param name="Id">Stable identifier, e.g. <c>F-3-2</c> (track 3, second finding).</param>
/// <param name="TrackNumber">The track that made it.</param>
/// <param name="Claim">What is asserted, in one sentence.</param>
/// <param name="Confidence">From 0 (guess) to 1 (certain).</param>
/// <param name="At">When the finding was made.</param>
public sealed record Finding(string Id, int TrackNumber, string Claim, double Confidence, DateTimeOffset At)
{
    /// <summary>The excerpts that back the claim.</summary>
    public IReadOnlyList<Evidence> Evidence { get; init; } = [];

    /// <summary>A machine-readable tag for correlation, e.g. <c>db.missing-index</c>, <c>cache.pool-exhausted</c>.</summary>
    public string? Category { get; init; }

    /// <summary>When the observed effect started, if the evidence shows it (used to order cause and effect).</summary>
    public DateTimeOffset? ObservedSince { get; init; }

    /// <summary>Structured details for correlation and remediation (e.g. <c>table</c>, <c>column</c>, <c>ratio</c>).</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
