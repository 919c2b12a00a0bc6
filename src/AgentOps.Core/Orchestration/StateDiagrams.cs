namespace AgentOps.Core.Orchestration;

/// <summary>The Markdown documents in <c>docs/</c> generated from the state machines: never edited by hand.</summary>
public static class StateDiagrams
{
    /// <summary>File name (under <c>docs/</c>) and content of each generated document.</summary>
    public static IReadOnlyDictionary<string, string> Documents { get; } = new Dictionary<string, string>
    {
        ["incident-state-machine.md"] = Render("Incident state machine", IncidentStateMachine.ToMermaid()),
        ["track-state-machine.md"] = Render("Track state machine", TrackStateMachine.ToMermaid()),
    };

    private static string Render(string title, string mermaid) =>
        $"""
        # {title}

        Generated from the code by Stateless (`MermaidGraph.Format`); do not edit by hand.
        Regenerate with `agentops docs diagrams` (a test fails when this file drifts from the code).

        ```mermaid
        {mermaid.Trim().ReplaceLineEndings("\n")}
        ```

        """.ReplaceLineEndings("\n");
}
