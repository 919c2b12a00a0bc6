using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>Computes acknowledgement and resolution deadlines from priority and the customer's contract.</summary>
public interface ISlaPolicy
{
    /// <summary>Deadlines for an incident of <paramref name="priority"/> for <paramref name="customer"/> starting at <paramref name="start"/>.</summary>
    SlaDeadlines Compute(Priority priority, Customer? customer, DateTimeOffset start);
}
