using AgentOps.Core.Model;

namespace AgentOps.Core.Skills;

/// <summary>
/// A skill declared in <c>skills/&lt;name&gt;/skill.json</c>: what it handles (intents for routing, a track kind for
/// diagnostic agents), its instructions and the tools (kernel functions, as <c>Plugin.Function</c> or <c>Plugin.*</c>) it may call.
/// </summary>
/// <param name="Name">Unique name, e.g. <c>client-intake</c>, <c>database-analyst</c>.</param>
/// <param name="Description">One sentence: what the skill does.</param>
public sealed record SkillManifest(string Name, string Description)
{
    /// <summary>Intents routed to this skill by the skill router (outage, bug, performance, security, billing, question, feature-request, change-request).</summary>
    public IReadOnlyList<string> Intents { get; init; } = [];

    /// <summary>Priorities (<c>P1</c>..<c>P4</c>) for which the skill joins every incident, whatever its intent (e.g. project management on P1 and P2).</summary>
    public IReadOnlyList<string> Priorities { get; init; } = [];

    /// <summary>For a diagnostic agent: the track kind it investigates.</summary>
    public TrackKind? TrackKind { get; init; }

    /// <summary>Instructions given to the agent (system prompt) in LLM mode.</summary>
    public string Instructions { get; init; } = string.Empty;

    /// <summary>Tools the agent may call, e.g. <c>postgres.*</c>, <c>logs.mine_templates</c>.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Lower runs first when several skills match. Default 100.</summary>
    public int Order { get; init; } = 100;
}
