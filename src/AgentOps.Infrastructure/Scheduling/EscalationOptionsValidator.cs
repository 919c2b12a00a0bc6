using System.Globalization;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Scheduling;

/// <summary>
/// Refuses, at start, an escalation matrix that cannot work: a level referencing an unknown target, targets escalating
/// in a cycle through <c>Next</c>, a zero or negative delay, a bad priority name... Each message names the key, e.g.
/// <c>Escalation:Policies:P1:Levels:2:Delay</c>.
/// </summary>
public sealed class EscalationOptionsValidator : IValidateOptions<EscalationOptions>
{
    private static readonly string[] Kinds = ["team", "person", "channel"];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string root = EscalationOptions.SectionName;
        if (options.ReminderBefore < TimeSpan.Zero)
        {
            errors.Add($"{root}:ReminderBefore must not be negative (it is {options.ReminderBefore}).");
        }

        var targets = ValidateTargets(options.Targets, errors);
        foreach (var (key, policy) in options.Policies)
        {
            var path = $"{root}:Policies:{key}";
            if (key.Length != 2 || key[0] is not ('P' or 'p') || key[1] is < '1' or > '4')
            {
                errors.Add($"{path}: '{key}' is not a priority; use P1, P2, P3 or P4.");
                continue;
            }

            ValidateLevels(path, policy?.Levels ?? [], targets, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static HashSet<string> ValidateTargets(List<EscalationTargetOptions> targets, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < targets.Count; i++)
        {
            var path = Inv($"{EscalationOptions.SectionName}:Targets:{i}");
            var target = targets[i];
            if (string.IsNullOrWhiteSpace(target.Name))
            {
                errors.Add($"{path}:Name is required.");
            }
            else if (!names.Add(target.Name))
            {
                errors.Add($"{path}:Name: target '{target.Name}' is declared twice.");
            }

            if (!Kinds.Contains(target.Kind, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{path}:Kind must be team, person or channel, not '{target.Kind}'.");
            }
        }

        var byName = targets.Where(t => !string.IsNullOrWhiteSpace(t.Name)).GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < targets.Count; i++)
        {
            var next = targets[i].Next;
            if (string.IsNullOrWhiteSpace(next))
            {
                continue;
            }

            var path = Inv($"{EscalationOptions.SectionName}:Targets:{i}:Next");
            if (!byName.ContainsKey(next))
            {
                errors.Add($"{path}: unknown target '{next}'; declare it in {EscalationOptions.SectionName}:Targets.");
                continue;
            }

            var chain = new List<string> { targets[i].Name };
            var current = next;
            while (!string.IsNullOrWhiteSpace(current) && byName.TryGetValue(current, out var hop))
            {
                chain.Add(hop.Name);
                if (string.Equals(hop.Name, targets[i].Name, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{path}: targets escalate in a cycle: {string.Join(" → ", chain)}.");
                    break;
                }

                if (chain.Count > byName.Count + 1)
                {
                    break;
                }

                current = hop.Next;
            }
        }

        return names;
    }

    private static void ValidateLevels(string path, List<EscalationLevelOptions> levels, HashSet<string> targets, List<string> errors)
    {
        if (levels.Count == 0)
        {
            errors.Add($"{path}:Levels must list at least one level.");
            return;
        }

        var previous = 0;
        for (var j = 0; j < levels.Count; j++)
        {
            var level = levels[j];
            var at = Inv($"{path}:Levels:{j}");
            if (level is null)
            {
                errors.Add($"{at} is empty.");
                continue;
            }

            if (level.Level <= previous)
            {
                errors.Add(Inv($"{at}:Level must be a number from 1, greater than the level before it ({previous}), not {level.Level}."));
            }

            previous = Math.Max(previous, level.Level);
            if (level.Delay <= TimeSpan.Zero)
            {
                errors.Add($"{at}:Delay must be positive (it is {level.Delay}); it is how long the level has to acknowledge.");
            }

            if (level.Repeat < 0)
            {
                errors.Add(Inv($"{at}:Repeat must not be negative (it is {level.Repeat})."));
            }

            if (level.Targets.Count == 0)
            {
                errors.Add($"{at}:Targets must name at least one target.");
            }

            for (var k = 0; k < level.Targets.Count; k++)
            {
                if (!targets.Contains(level.Targets[k]))
                {
                    errors.Add(Inv($"{at}:Targets:{k}: unknown target '{level.Targets[k]}'; declare it in {EscalationOptions.SectionName}:Targets."));
                }
            }
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
