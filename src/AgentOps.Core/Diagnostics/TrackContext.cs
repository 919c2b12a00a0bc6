using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>What an analyst needs to investigate one track: the track, the tools and the clock.</summary>
/// <param name="IncidentId">The incident under investigation.</param>
/// <param name="Track">The track to investigate; findings are numbered after its existing ones.</param>
/// <param name="Tools">The diagnostic tools (kernel functions).</param>
/// <param name="Time">The clock that stamps findings and evidence.</param>
public sealed record TrackContext(string IncidentId, Track Track, IToolInvoker Tools, TimeProvider Time)
{
    /// <summary>What the incident reports (title, symptoms), given to analysts as context only, never as instructions.</summary>
    public string Symptoms { get; init; } = string.Empty;

    /// <summary>Most model tokens the track may spend in LLM mode. Default 20 000.</summary>
    public int TokenBudget { get; init; } = 20_000;

    /// <summary>Records a note on the incident's timeline (e.g. "endpoint failed, falling back to offline mode"); thread-safe.</summary>
    public Action<string> Note { get; init; } = _ => { };

    /// <summary>
    /// Where analysts record findings as they go, so that a track stopped by its time budget keeps what it found.
    /// Null: the analyst uses a recorder of its own.
    /// </summary>
    public FindingRecorder? Recorder { get; init; }
}
