namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>Finds and runs incident drills by scenario name (<c>agentops drill &lt;scenario&gt;</c>).</summary>
public sealed class DrillRunner
{
    private readonly IReadOnlyList<IDrill> _drills;

    public DrillRunner(IEnumerable<IDrill> drills)
    {
        _drills = drills.ToList();
    }

    /// <summary>The known scenarios with their descriptions.</summary>
    public IReadOnlyList<(string Name, string Description)> Scenarios => _drills.Select(d => (d.Name, d.Description)).ToList();

    /// <summary>Runs the drill named <paramref name="scenario"/>.</summary>
    /// <exception cref="ArgumentException">No drill has that name; the message lists the known ones.</exception>
    /// <exception cref="InvalidOperationException">A local server could not be started.</exception>
    public Task<DrillResult> RunAsync(string scenario, CancellationToken cancellationToken = default)
    {
        var drill = _drills.FirstOrDefault(d => string.Equals(d.Name, scenario?.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown drill '{scenario}'. Known: {string.Join(", ", _drills.Select(d => d.Name))}.", nameof(scenario));
        return drill.RunAsync(cancellationToken);
    }
}
