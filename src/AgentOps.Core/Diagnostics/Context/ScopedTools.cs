namespace AgentOps.Core.Diagnostics.Context;

/// <summary>The tools of one track, chosen for its incident, and what the choice was (for the timeline).</summary>
/// <param name="Tools">The tools the track's analyst uses.</param>
/// <param name="Notes">One line per choice worth telling: which log sources will be read first and why, which were left out, bad attachments.</param>
public sealed record ScopedTools(IToolInvoker Tools, IReadOnlyList<string> Notes);
