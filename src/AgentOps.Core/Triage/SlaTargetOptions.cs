namespace AgentOps.Core.Triage;

/// <summary>Acknowledgement and resolution durations for one priority. In a customer contract, unset members fall back to the default table.</summary>
public sealed class SlaTargetOptions
{
    /// <summary>Time allowed to acknowledge the incident, e.g. <c>00:15:00</c>.</summary>
    public TimeSpan? Acknowledge { get; set; }

    /// <summary>Time allowed to resolve the incident, e.g. <c>04:00:00</c>.</summary>
    public TimeSpan? Resolve { get; set; }
}
