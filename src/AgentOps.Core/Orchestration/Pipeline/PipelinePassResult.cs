using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Pipeline;

/// <summary>How a pass of the pipeline over one incident ended.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Version">The incident version the last decision was made on: the pipeline is done with the incident up to it.</param>
/// <param name="State">The incident's state at that version, or null when the incident does not exist.</param>
/// <param name="StepsRun">Steps run in the pass, including failed ones.</param>
/// <param name="StepsFailed">Steps that failed after their retries (recorded on the timeline).</param>
/// <param name="StepsCancelled">Steps cancelled because the incident was resolved, closed or merged meanwhile.</param>
public sealed record PipelinePassResult(string IncidentId, long Version, IncidentState? State, int StepsRun, int StepsFailed, int StepsCancelled);
