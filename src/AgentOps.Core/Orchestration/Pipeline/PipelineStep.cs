using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Dispatch;

namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>One piece of pipeline work on an incident: a work item for the <see cref="WorkDispatcher"/>.</summary>
/// <param name="Kind">What the step does.</param>
/// <param name="TrackNumber">The track, for <see cref="PipelineStepKind.InvestigateTrack"/>.</param>
/// <param name="TrackKind">The kind of that track, whose skill limit applies.</param>
public sealed record PipelineStep(PipelineStepKind Kind, int? TrackNumber = null, TrackKind? TrackKind = null)
{
    /// <summary>
    /// The key recorded with the step on the timeline (data <c>pipeline-step</c>): <c>acknowledge</c>, <c>alert</c>,
    /// <c>plan</c>, <c>track-3</c>, <c>correlate</c>. A step whose key is on the timeline is not done again.
    /// </summary>
    public string Key => Kind == PipelineStepKind.InvestigateTrack
        ? string.Create(CultureInfo.InvariantCulture, $"track-{TrackNumber}")
        : CommandWords.ToKebab(Kind.ToString());

    /// <summary>The skill the dispatcher limits: the track kind for investigations (<c>database</c>...), else <c>communication</c>, <c>planner</c> or <c>correlator</c>.</summary>
    public string Skill => Kind switch
    {
        PipelineStepKind.Acknowledge or PipelineStepKind.Alert => "communication",
        PipelineStepKind.Plan => "planner",
        PipelineStepKind.Resolution => "communication",
        PipelineStepKind.PostMortem => "postmortem",
        PipelineStepKind.InvestigateTrack => (TrackKind ?? Model.TrackKind.Application).ToString().ToLowerInvariant(),
        _ => "correlator",
    };

    /// <summary>The dispatcher's kind of work.</summary>
    public WorkKind WorkKind => Kind switch
    {
        PipelineStepKind.Acknowledge or PipelineStepKind.Alert or PipelineStepKind.Resolution => WorkKind.Communication,
        PipelineStepKind.PostMortem => WorkKind.PostMortem,
        PipelineStepKind.Plan => WorkKind.Planning,
        PipelineStepKind.InvestigateTrack => WorkKind.TrackInvestigation,
        _ => WorkKind.Correlation,
    };

    /// <summary>For logs and the timeline, e.g. <c>track #3 (database)</c>.</summary>
    public override string ToString() => Kind == PipelineStepKind.InvestigateTrack
        ? string.Create(CultureInfo.InvariantCulture, $"track #{TrackNumber} ({Skill})")
        : Key;
}
