namespace AgentOps.Core.Diagnostics.Context;

/// <summary>
/// What an incident tells the diagnostic tools about where to look: its texts, the services, hosts and components it
/// names, the attachments its reporter sent, and when it started. Built by <see cref="IncidentContextReader"/>.
/// </summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Start">When the incident started, as best known (see <see cref="StartReason"/>).</param>
/// <param name="StartReason">Why <paramref name="Start"/> was chosen, e.g. <c>"depuis 10h" in the email body</c>.</param>
public sealed record IncidentContext(string IncidentId, DateTimeOffset Start, string StartReason)
{
    /// <summary>Title, subjects and bodies of the incident, with where each comes from.</summary>
    public IReadOnlyList<IncidentText> Texts { get; init; } = [];

    /// <summary>Services, hosts, components and impacts the incident names.</summary>
    public IReadOnlyList<IncidentEntity> Entities { get; init; } = [];

    /// <summary>Text and log attachments of the incident's emails.</summary>
    public IReadOnlyList<IncidentAttachment> Attachments { get; init; } = [];
}
