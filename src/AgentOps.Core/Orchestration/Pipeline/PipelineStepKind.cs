namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>The kinds of work the pipeline does on an incident after intake and triage.</summary>
public enum PipelineStepKind
{
    /// <summary>Queue the customer acknowledgement (when the priority is auto-acknowledged).</summary>
    Acknowledge,

    /// <summary>Raise the internal alert of a P1.</summary>
    Alert,

    /// <summary>Brief, plan and one track per component (<c>prd-new</c>, <c>prd-parse</c>, <c>epic-decompose</c>).</summary>
    Plan,

    /// <summary>Investigate one track with the analyst of its kind.</summary>
    InvestigateTrack,

    /// <summary>Correlate the findings of the tracks into a root cause.</summary>
    Correlate,

    /// <summary>Once the incident is resolved: draft the customer's resolution email (sent at once or held for approval, as configured).</summary>
    Resolution,

    /// <summary>After the resolution email: start the post-mortem and write it with its runbook (published to GitHub when sync is on).</summary>
    PostMortem,
}
