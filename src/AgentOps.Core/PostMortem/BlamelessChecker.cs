using System.Text.RegularExpressions;
using AgentOps.Core.Model;

namespace AgentOps.Core.PostMortem;

/// <summary>
/// Checks that a post-mortem blames no one: no person (taken from the incident's timeline actors, track assignees and
/// approvers) is named in the same sentence as a blame word (fault, mistake, forgot, should have, faute, oubli...).
/// </summary>
public sealed partial class BlamelessChecker
{
    private static readonly HashSet<string> Components = new(StringComparer.OrdinalIgnoreCase)
    {
        "system", "agentops", "triage", "intake", "orchestrator", "orchestration", "outbox", "scheduler", "dispatcher",
        "communication", "postmortem", "post-mortem", "github", "email", "cli", "chat", "monitoring", "alertmanager", "prometheus",
    };

    /// <summary>The people of an incident: actors that are not components (<c>agent:database</c>, <c>triage</c>...), assignees and approvers.</summary>
    public static IReadOnlyList<string> PeopleOf(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var names = incident.Timeline.Select(e => e.Actor)
            .Concat(incident.Tracks.Select(t => t.Assignee).OfType<string>())
            .Concat(incident.RootCause?.Remediations.Select(r => r.ApprovedBy).OfType<string>() ?? []);
        return names
            .Select(n => n.Trim().TrimStart('@'))
            .Where(n => n.Length >= 2 && !n.Contains(':', StringComparison.Ordinal) && !Components.Contains(n) && !n.StartsWith("agent", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Finds sentences of <paramref name="markdown"/> that name one of <paramref name="people"/> next to a blame word.</summary>
    /// <returns>One line per violation, empty when the text is blameless.</returns>
    public IReadOnlyList<string> Check(string markdown, IEnumerable<string> people)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(people);
        var patterns = people
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => (Name: p, Regex: new Regex($@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(p)}(?![\p{{L}}\p{{N}}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
            .ToList();
        var violations = new List<string>();
        if (patterns.Count == 0)
        {
            return violations;
        }

        // Names are rare (and literal, so found by a vectorized search); blame words are only looked for in their sentences.
        foreach (var (name, regex) in patterns)
        {
            var seen = new HashSet<int>();
            foreach (Match hit in regex.Matches(markdown))
            {
                var start = SentenceStart(markdown, hit.Index);
                if (!seen.Add(start))
                {
                    continue;
                }

                var sentence = markdown[start..SentenceEnd(markdown, hit.Index + hit.Length)];
                var blame = BlameWords().Match(sentence);
                if (blame.Success)
                {
                    violations.Add($"'{name}' is named next to '{blame.Value}': \"{sentence.Trim()}\"");
                }
            }
        }

        return violations;
    }

    private static int SentenceStart(string text, int index)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (text[i] == '\n' || (text[i] is '.' or '!' or '?' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1])))
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static int SentenceEnd(string text, int index)
    {
        for (var i = index; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]))))
            {
                return i;
            }
        }

        return text.Length;
    }

    [GeneratedRegex(@"\b(fault|faulty|blame[sd]?|to blame|mistake|negligen(t|ce)|careless(ly|ness)?|forgot|forgotten|failed to|should have|shouldn't have|did not bother|human error|incompetent|sloppy|responsible for the (outage|incident|failure)|caused by|faute|erreur humaine|négligen(t|ce)|oubli[ée]?|a oublié|aurait dû|responsable de (la panne|l'incident))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlameWords();
}
