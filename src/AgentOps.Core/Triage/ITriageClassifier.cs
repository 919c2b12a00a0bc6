using AgentOps.Core.Model;

namespace AgentOps.Core.Triage;

/// <summary>Classifies urgency (P1–P4) and intent of an inbound message, with reasons. Rules, ML.NET, LLM and ensemble implement it.</summary>
public interface ITriageClassifier
{
    /// <summary>Short name: <c>rules</c>, <c>ml</c>, <c>llm</c>, <c>ensemble</c>.</summary>
    string Name { get; }

    /// <summary>What this classifier really predicts. Default: priority and intent.</summary>
    TriageDimensions Predicts => TriageDimensions.Priority | TriageDimensions.Intent;

    /// <summary>
    /// Whether a call goes to a remote model (billed per call, slow): intake then never classifies an email ahead of its
    /// turn (<see cref="Intake.IntakeOptions.ClassifyAhead"/>), so a reply, a duplicate or a wrong guess costs no call.
    /// Default <see langword="false"/>.
    /// </summary>
    bool CallsRemoteModel => false;

    /// <summary>Classifies <paramref name="input"/>.</summary>
    Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default);
}
