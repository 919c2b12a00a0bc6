using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Benchmarks.Intake;

/// <summary>
/// Stand-in classifier for the throughput benchmark until the rules classifier is merged: multilingual urgency and
/// intent keyword regexes over subject and new text, the same kind of work the rules classifier does.
/// </summary>
internal sealed partial class KeywordTriageClassifier : ITriageClassifier
{
    public string Name => "bench-keywords";

    public Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default)
    {
        var text = input.Subject + "\n" + input.Body;
        var urgent = Urgency().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        var impact = Impact().Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        var priority = (urgent.Count, impact.Count) switch
        {
            ( > 0, > 0) => Priority.P1,
            ( > 0, _) or (_, > 0) => Priority.P2,
            _ => Priority.P3,
        };
        var intent = Intent().Match(text) is { Success: true } m ? m.Value.ToLowerInvariant() : "question";
        return Task.FromResult(new TriageResult(priority, intent, 0.5)
        {
            Reasons = [.. urgent.Select(u => $"urgency word '{u}'"), .. impact.Select(i => $"impact '{i}'")],
            Skills = ["support"],
            Classifier = Name,
        });
    }

    [GeneratedRegex(@"\b(urgent|urgente|dringend|asap|critical|critique|kritisch|crítico|immediately|immédiatement|sofort|inmediatamente|emergency)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Urgency();

    [GeneratedRegex(@"\b(production|down|outage|panne|ausfall|caída|payment|paiement|zahlung|pago|security|sécurité|data loss|all users)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Impact();

    [GeneratedRegex(@"\b(bug|error|erreur|fehler|slow|lent|invoice|facture|feature|security|outage)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Intent();
}
