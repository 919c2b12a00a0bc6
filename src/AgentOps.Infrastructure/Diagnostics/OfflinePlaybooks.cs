using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>The offline playbook of each track kind, used by default and as the fallback of LLM agents.</summary>
public static class OfflinePlaybooks
{
    /// <summary>Every offline playbook.</summary>
    public static IReadOnlyList<ITrackAnalyst> All() =>
        [new DatabasePlaybook(), new CachePlaybook(), new NetworkPlaybook(), new MonitoringPlaybook(), new ApplicationPlaybook()];

    /// <summary>The playbook of <paramref name="kind"/>, or null when the kind has none.</summary>
    public static ITrackAnalyst? For(TrackKind kind) => All().FirstOrDefault(p => p.Kind == kind);
}
