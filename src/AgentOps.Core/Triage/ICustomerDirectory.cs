using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>Resolves a sender to a customer with tier, contract and language from configuration.</summary>
public interface ICustomerDirectory
{
    /// <summary>The customer for <paramref name="email"/>; unknown domains get the <c>standard</c> tier.</summary>
    Customer Resolve(string email, string? displayName);
}
