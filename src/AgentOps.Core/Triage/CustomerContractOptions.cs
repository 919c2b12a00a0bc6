namespace AgentOps.Core.Triage;

/// <summary>A customer contract, keyed in <see cref="TriageOptions.Customers"/> by email domain (e.g. <c>client-existant.fr</c>).</summary>
public sealed class CustomerContractOptions
{
    /// <summary>Display name of the customer. Default: none (the sender's display name is used).</summary>
    public string? Name { get; set; }

    /// <summary>Contract tier: <c>enterprise</c>, <c>premium</c>, <c>standard</c>... Default <c>standard</c>.</summary>
    public string Tier { get; set; } = "standard";

    /// <summary>Preferred language (ISO 639-1, e.g. <c>fr</c>). Default: none.</summary>
    public string? Language { get; set; }

    /// <summary>Per-priority overrides of the default SLA table, keyed <c>P1</c>..<c>P4</c>. Default: none.</summary>
    public Dictionary<string, SlaTargetOptions> Sla { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
