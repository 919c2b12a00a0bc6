using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>
/// Decides, from an incident alone, which pipeline steps can run now. Pure: the incident's state, tracks and the steps
/// already on its timeline (data <c>pipeline-step</c>) are the whole memory of the pipeline, so any node can pick up an
/// incident where another left it, and a step already done (or recorded as failed) is never done again.
/// </summary>
/// <remarks>
/// Order: the acknowledgement first, alone; then the P1 alert with planning; then every investigable track in parallel;
/// then, when no track is left to investigate, the correlation. Once a person resolves the incident: the resolution
/// email, then the post-mortem. Nothing once it is in post-mortem or closed.
/// </remarks>
public static class PipelinePlanner
{
    /// <summary>Timeline data key naming the step an event records.</summary>
    public const string StepKey = "pipeline-step";

    /// <summary>Timeline event kind of a step done.</summary>
    public const string StepEventKind = "pipeline";

    /// <summary>Timeline event kind of a step that failed after its retries.</summary>
    public const string FailedEventKind = "pipeline-failed";

    /// <summary>Whether the pipeline still works on an incident in <paramref name="state"/> (not resolved, in post-mortem or closed).</summary>
    public static bool IsActive(IncidentState state) =>
        state is IncidentState.New or IncidentState.Triaged or IncidentState.Investigating or IncidentState.Mitigating;

    /// <summary>Whether the pipeline has work on an incident in <paramref name="state"/>: <see cref="IsActive"/>, or resolved (resolution email and post-mortem).</summary>
    public static bool HasWork(IncidentState state) => IsActive(state) || state == IncidentState.Resolved;

    /// <summary>The steps of <paramref name="incident"/> that can run now, in parallel; empty when there is nothing left to do.</summary>
    public static IReadOnlyList<PipelineStep> NextSteps(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.State == IncidentState.Resolved)
        {
            return AfterResolution(incident);
        }

        if (!IsActive(incident.State))
        {
            return [];
        }

        var done = RecordedSteps(incident);
        var steps = new List<PipelineStep>();
        if (!done.Contains("acknowledge"))
        {
            // Alone: it is what the customer's SLA waits for, and parallel saves of the same incident would make it retry.
            return [new PipelineStep(PipelineStepKind.Acknowledge)];
        }

        if (incident.Priority == Priority.P1 && !done.Contains("alert") && !incident.Communications.Any(c => c.Kind == CommunicationKind.InternalAlert))
        {
            steps.Add(new PipelineStep(PipelineStepKind.Alert));
        }

        if (incident.Tracks.Count == 0)
        {
            if (!done.Contains("plan"))
            {
                steps.Add(new PipelineStep(PipelineStepKind.Plan));
            }

            return steps;
        }

        var pending = incident.Tracks
            .Where(t => t.Kind != TrackKind.Fix && t.State is TrackState.Open or TrackState.InProgress)
            .Where(t => !done.Contains(new PipelineStep(PipelineStepKind.InvestigateTrack, t.Number).Key))
            .ToList();
        var investigable = pending
            .Where(t => t.DependsOn.All(d => incident.FindTrack(d) is not { } dependency || dependency.State is TrackState.Done or TrackState.Cancelled))
            .Select(t => new PipelineStep(PipelineStepKind.InvestigateTrack, t.Number, t.Kind))
            .ToList();
        steps.AddRange(investigable);
        if (pending.Count == 0 && incident.RootCause is null && !done.Contains("correlate"))
        {
            steps.Add(new PipelineStep(PipelineStepKind.Correlate));
        }

        return steps;
    }

    private static IReadOnlyList<PipelineStep> AfterResolution(Incident incident)
    {
        var done = RecordedSteps(incident);
        if (!done.Contains("resolution") && !incident.Communications.Any(c => c.Kind == CommunicationKind.Resolution))
        {
            return [new PipelineStep(PipelineStepKind.Resolution)];
        }

        return done.Contains("post-mortem") ? [] : [new PipelineStep(PipelineStepKind.PostMortem)];
    }

    /// <summary>The keys of the steps recorded on the timeline of <paramref name="incident"/>, done or failed.</summary>
    public static HashSet<string> RecordedSteps(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in incident.Timeline)
        {
            if (e.Kind is StepEventKind or FailedEventKind && e.Data.TryGetValue(StepKey, out var key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }
}
