namespace AgentOps.Core.Triage;

/// <summary>The intents a classifier may return; skills are routed by these names.</summary>
public static class TriageIntents
{
    /// <summary>A service is down or unreachable.</summary>
    public const string Outage = "outage";

    /// <summary>Something works wrongly (errors, crashes, blocked flows).</summary>
    public const string Bug = "bug";

    /// <summary>Something is slow.</summary>
    public const string Performance = "performance";

    /// <summary>A security problem (breach, vulnerability, unauthorized access).</summary>
    public const string Security = "security";

    /// <summary>Invoices, charges, refunds, subscriptions.</summary>
    public const string Billing = "billing";

    /// <summary>A question or a request for information.</summary>
    public const string Question = "question";

    /// <summary>A request for something new.</summary>
    public const string FeatureRequest = "feature-request";

    /// <summary>A request to change something that exists (configuration, data, version).</summary>
    public const string ChangeRequest = "change-request";

    /// <summary>All intents, most severe first (the order breaks ties).</summary>
    public static IReadOnlyList<string> All { get; } = [Security, Outage, Bug, Performance, Billing, ChangeRequest, FeatureRequest, Question];
}
