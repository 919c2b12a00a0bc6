using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics.Context;

/// <summary>
/// Tools that adapt to the incident under investigation (log sources ranked by what the incident names, attachments as
/// sources, a time window around its start). <see cref="InvestigationRunner"/> scopes an <see cref="IToolInvoker"/>
/// that implements it once per track, before the analyst runs.
/// </summary>
public interface IIncidentScopedTools
{
    /// <summary>The tools for <paramref name="track"/> of the incident described by <paramref name="context"/>.</summary>
    /// <returns>The scoped tools and the notes to put on the timeline; never throws for bad incident content (it becomes a note).</returns>
    ScopedTools ScopeTo(IncidentContext context, Track track);
}
