namespace AgentOps.Core.Model;

/// <summary>One entry of an incident's append-only timeline.</summary>
/// <param name="Sequence">Position in the timeline, from 1, without gaps.</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it: a person (<c>alice</c>, <c>@octocat</c>) or a component (<c>triage</c>, <c>agent:database</c>).</param>
/// <param name="Source">Which transport or component it came from: <c>email</c>, <c>cli</c>, <c>github</c>, <c>chat</c>, <c>system</c>...</param>
/// <param name="Kind">What sort of event: <c>transition</c>, <c>signal</c>, <c>finding</c>, <c>note</c>, <c>communication</c>...</param>
/// <param name="Message">Human-readable description.</param>
public sealed record TimelineEvent(long Sequence, DateTimeOffset At, string Actor, string Source, string Kind, string Message)
{
    /// <summary>Structured details (from/to state, trigger, reason, track number...).</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
