using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>
/// SLA deadlines from <see cref="TriageOptions"/>: the customer's contract override for the priority when its domain
/// has one, else the default table.
/// </summary>
public sealed class SlaPolicy : ISlaPolicy
{
    private readonly TriageOptions _options;
    private readonly ConfiguredCustomerDirectory _contracts;

    /// <summary>Creates the policy.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad key.</exception>
    public SlaPolicy(TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _contracts = new ConfiguredCustomerDirectory(options);
    }

    /// <inheritdoc />
    public SlaDeadlines Compute(Priority priority, Customer? customer, DateTimeOffset start)
    {
        var key = priority.ToString();
        var fallback = _options.Sla[key];
        var contract = customer is null ? null : _contracts.FindContract(customer.Domain);
        SlaTargetOptions? overrides = null;
        contract?.Sla.TryGetValue(key, out overrides);
        var acknowledge = overrides?.Acknowledge ?? fallback.Acknowledge!.Value;
        var resolve = overrides?.Resolve ?? fallback.Resolve!.Value;
        return new SlaDeadlines(start + acknowledge, start + resolve) { ResolutionTarget = resolve };
    }
}
