using AgentOps.Core.Model;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>
/// Who is paged, when, for each priority. Built from configuration (validated there: known targets, no cycle, positive
/// delays); immutable. Pages go level by level, each level paged <c>1 + Repeat</c> times <c>Delay</c> apart; after the
/// last level, the <see cref="EscalationTarget.Next"/> chain of its targets is followed with the last level's delay.
/// </summary>
public sealed class EscalationMatrix
{
    private readonly Dictionary<Priority, IReadOnlyList<EscalationLevel>> _policies;
    private readonly Dictionary<string, EscalationTarget> _targets;

    /// <summary>Creates a matrix.</summary>
    /// <exception cref="ArgumentException">A level references an unknown target or has a non-positive delay, or a Next chain loops.</exception>
    public EscalationMatrix(
        IEnumerable<EscalationTarget> targets,
        IReadOnlyDictionary<Priority, IReadOnlyList<EscalationLevel>> policies,
        TimeSpan reminderBefore)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(policies);
        _targets = targets.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        _policies = policies.ToDictionary(p => p.Key, p => (IReadOnlyList<EscalationLevel>)p.Value.OrderBy(l => l.Level).ToList());
        ReminderBefore = reminderBefore;
        foreach (var level in _policies.Values.SelectMany(l => l))
        {
            if (level.Delay <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Level {level.Level} has a delay of {level.Delay}; it must be positive.", nameof(policies));
            }

            foreach (var name in level.Targets.Where(n => !_targets.ContainsKey(n)))
            {
                throw new ArgumentException($"Level {level.Level} references unknown target '{name}'.", nameof(policies));
            }
        }

        foreach (var target in _targets.Values)
        {
            _ = NextChain(target);
        }
    }

    /// <summary>An empty matrix: nobody is paged, reminders only.</summary>
    public static EscalationMatrix Empty { get; } = new([], new Dictionary<Priority, IReadOnlyList<EscalationLevel>>(), TimeSpan.FromMinutes(15));

    /// <summary>How long before a deadline the reminder goes out; zero for none.</summary>
    public TimeSpan ReminderBefore { get; }

    /// <summary>The declared targets, by name.</summary>
    public IReadOnlyDictionary<string, EscalationTarget> Targets => _targets;

    /// <summary>The levels of the policy of <paramref name="priority"/> (empty when there is none).</summary>
    public IReadOnlyList<EscalationLevel> LevelsFor(Priority priority) =>
        _policies.TryGetValue(priority, out var levels) ? levels : [];

    /// <summary>The <paramref name="page"/>-th page for an incident of <paramref name="priority"/>, or null when the ladder is exhausted.</summary>
    public EscalationStep? StepFor(Priority priority, int page)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var levels = LevelsFor(priority);
        if (levels.Count == 0)
        {
            return null;
        }

        var remaining = page;
        foreach (var level in levels)
        {
            var pages = 1 + Math.Max(0, level.Repeat);
            if (remaining <= pages)
            {
                return new EscalationStep(page, level.Level, Resolve(level.Targets), level.Delay, remaining > 1);
            }

            remaining -= pages;
        }

        // Past the last level: follow the Next chain of its targets, one hop per page.
        var last = levels[^1];
        var current = Resolve(last.Targets);
        var number = last.Level;
        while (remaining-- > 0)
        {
            current = current.Select(t => t.Next).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).Select(n => _targets[n]).ToList();
            number++;
            if (current.Count == 0)
            {
                return null;
            }
        }

        return new EscalationStep(page, number, current, last.Delay, false);
    }

    /// <summary>The targets of level <paramref name="level"/> of the policy (clamped to the last level), for a manual escalation.</summary>
    public IReadOnlyList<EscalationTarget> TargetsForLevel(Priority priority, int level)
    {
        var levels = LevelsFor(priority);
        if (levels.Count == 0)
        {
            return [];
        }

        var match = levels.LastOrDefault(l => l.Level <= level) ?? levels[0];
        return Resolve(match.Targets);
    }

    private List<EscalationTarget> Resolve(IEnumerable<string> names) => names.Select(n => _targets[n]).ToList();

    private List<string> NextChain(EscalationTarget start)
    {
        var seen = new List<string> { start.Name };
        var current = start;
        while (current.Next is { } next)
        {
            if (!_targets.TryGetValue(next, out var target))
            {
                throw new ArgumentException($"Target '{current.Name}' escalates to unknown target '{next}'.", nameof(start));
            }

            if (seen.Contains(target.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"Targets escalate in a cycle: {string.Join(" → ", seen)} → {target.Name}.", nameof(start));
            }

            seen.Add(target.Name);
            current = target;
        }

        return seen;
    }
}
