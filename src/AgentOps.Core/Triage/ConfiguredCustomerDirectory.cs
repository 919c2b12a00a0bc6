using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>Resolves senders to customers from <see cref="TriageOptions.Customers"/>, keyed by email domain.</summary>
public sealed class ConfiguredCustomerDirectory : ICustomerDirectory
{
    private const string DefaultTier = "standard";
    private readonly TriageOptions _options;

    /// <summary>Creates the directory.</summary>
    public ConfiguredCustomerDirectory(TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="email"/> is empty.</exception>
    public Customer Resolve(string email, string? displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var address = email.Trim().Trim('<', '>').Trim();
        var at = address.LastIndexOf('@');
        var domain = at >= 0 ? address[(at + 1)..].ToLowerInvariant() : string.Empty;
        var local = at >= 0 ? address[..at] : address;
        var contract = FindContract(domain);
        var name = !string.IsNullOrWhiteSpace(displayName) ? displayName.Trim() : contract?.Name ?? local;
        return new Customer(name, address, domain, contract?.Tier ?? DefaultTier, contract?.Language);
    }

    /// <summary>The contract of <paramref name="domain"/> or of its closest configured parent domain, or null.</summary>
    internal CustomerContractOptions? FindContract(string domain)
    {
        var candidate = domain.Trim().TrimEnd('.');
        while (candidate.Length > 0)
        {
            if (_options.Customers.TryGetValue(candidate, out var contract))
            {
                return contract;
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0 || candidate.IndexOf('.', dot + 1) < 0)
            {
                return null;
            }

            candidate = candidate[(dot + 1)..];
        }

        return null;
    }
}
