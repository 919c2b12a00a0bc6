using AgentOps.Core.Model;

namespace AgentOps.Core.Skills;

/// <summary>
/// Maps an intent and a priority to skills: a skill matches when its <see cref="SkillManifest.Intents"/> hold the intent
/// (or <c>*</c>) or its <see cref="SkillManifest.Priorities"/> hold the priority. Matches come by <see cref="SkillManifest.Order"/>, then name.
/// </summary>
public sealed class SkillRouter
{
    private const string AnyIntent = "*";
    private readonly IReadOnlyList<SkillManifest> _skills;

    /// <summary>Creates a router over <paramref name="skills"/>.</summary>
    /// <exception cref="ArgumentException">Two skills have the same name.</exception>
    public SkillRouter(IEnumerable<SkillManifest> skills)
    {
        ArgumentNullException.ThrowIfNull(skills);
        _skills = [.. skills.OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.Ordinal)];
        var duplicate = _skills.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Two skills are named '{duplicate.Key}'.", nameof(skills));
        }
    }

    /// <summary>All known skills, in routing order.</summary>
    public IReadOnlyList<SkillManifest> Skills => _skills;

    /// <summary>The skills for an incident of <paramref name="intent"/> and <paramref name="priority"/>, in routing order.</summary>
    public IReadOnlyList<SkillManifest> Route(string intent, Priority priority)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var priorityName = priority.ToString();
        return [.. _skills.Where(s =>
            s.Intents.Any(i => i == AnyIntent || string.Equals(i, intent, StringComparison.OrdinalIgnoreCase))
            || s.Priorities.Contains(priorityName, StringComparer.OrdinalIgnoreCase))];
    }

    /// <summary>Names of <see cref="Route"/>'s skills.</summary>
    public IReadOnlyList<string> RouteNames(string intent, Priority priority) => [.. Route(intent, priority).Select(s => s.Name)];
}
