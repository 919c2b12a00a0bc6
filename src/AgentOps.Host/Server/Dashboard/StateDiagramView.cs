using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// The incident state machine as an HTML list (no diagram script): every state with the transitions out of it, the
/// current state highlighted and the transitions the incident took marked. The edges come from the code itself
/// (<see cref="IncidentStateMachine.ToMermaid"/>, Stateless' own description), never from a hand-drawn copy.
/// </summary>
public static partial class StateDiagramView
{
    /// <summary>The edges of the incident state machine, in the order Stateless lists them.</summary>
    public static IReadOnlyList<StateTransition> IncidentTransitions { get; } = Parse(IncidentStateMachine.ToMermaid());

    /// <summary>Reads the edges of a Mermaid <c>stateDiagram-v2</c> produced by Stateless (the <c>[*]</c> start edge is left out).</summary>
    public static IReadOnlyList<StateTransition> Parse(string mermaid)
    {
        ArgumentNullException.ThrowIfNull(mermaid);
        var edges = new List<StateTransition>();
        foreach (var line in mermaid.Split('\n'))
        {
            var match = EdgePattern().Match(line.Trim());
            if (match.Success)
            {
                var guard = match.Groups["guard"].Success ? match.Groups["guard"].Value : null;
                edges.Add(new StateTransition(match.Groups["from"].Value, match.Groups["to"].Value, match.Groups["trigger"].Value, guard == "Function" ? null : guard));
            }
        }

        return edges;
    }

    /// <summary>Renders the incident's state machine with its current state and the path it took.</summary>
    public static HtmlFragment Render(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var taken = incident.Timeline
            .Where(e => e.Kind == "transition" && e.Data.ContainsKey("from") && e.Data.ContainsKey("to"))
            .Select(e => (From: e.Data["from"], To: e.Data["to"], Trigger: e.Data.GetValueOrDefault("trigger") ?? string.Empty))
            .ToHashSet();
        var visited = taken.SelectMany(t => new[] { t.From, t.To }).Append(IncidentState.New.ToString()).ToHashSet();
        var current = incident.State.ToString();
        var states = Enum.GetNames<IncidentState>();
        return Html.Format($"""
            <ol class="states" aria-label="Incident state machine">{Html.Each(states, state => RenderState(state, current, visited, taken))}</ol>
            """);
    }

    private static HtmlFragment RenderState(string state, string current, HashSet<string> visited, HashSet<(string From, string To, string Trigger)> taken)
    {
        var edges = IncidentTransitions.Where(t => t.From == state).ToList();
        var moves = edges.Where(t => t.To != state).ToList();
        var internals = edges.Where(t => t.To == state).Select(t => t.Trigger).Distinct().ToList();
        var css = state == current ? "state current" : visited.Contains(state) ? "state visited" : "state";
        var marker = state == current ? Html.Format($""" <span class="badge">current</span>""") : HtmlFragment.Empty;
        var aria = state == current ? Html.Format($" aria-current=\"step\"") : HtmlFragment.Empty;
        return Html.Format($"""
            <li class="{css}"{aria} data-state="{state}"><span class="state-name">{state}</span>{marker}<ul class="edges">{Html.Each(moves, t => RenderEdge(t, taken))}{Html.If(internals.Count > 0, Html.Format($"""<li class="internal">also: {string.Join(", ", internals)}</li>"""))}</ul></li>
            """);
    }

    private static HtmlFragment RenderEdge(StateTransition edge, HashSet<(string From, string To, string Trigger)> taken)
    {
        var wasTaken = taken.Contains((edge.From, edge.To, edge.Trigger));
        var guard = edge.Guard is null ? HtmlFragment.Empty : Html.Format($""" <span class="guard">[{edge.Guard}]</span>""");
        return Html.Format($"""<li class="{(wasTaken ? "edge taken" : "edge")}">{edge.Trigger} → {edge.To}{guard}</li>""");
    }

    [GeneratedRegex(@"^(?<from>\w+)\s*-->\s*(?<to>\w+)\s*:\s*(?<trigger>\w+)(?:\s*/\s*\w+)?(?:\s*\[(?<guard>[^\]]*)\])?$")]
    private static partial Regex EdgePattern();
}
