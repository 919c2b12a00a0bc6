using System.Globalization;

namespace AgentOps.Core.Orchestration.Sla;

/// <summary>One timer an incident needs: what, when, and (for pages) which page.</summary>
/// <param name="IncidentId">The incident.</param>
/// <param name="Kind">What happens when it fires.</param>
/// <param name="Page">The page number for <see cref="SlaTimerKind.Page"/>, else 0.</param>
/// <param name="DueAt">When it fires.</param>
public sealed record SlaTimer(string IncidentId, SlaTimerKind Kind, int Page, DateTimeOffset DueAt)
{
    /// <summary>
    /// The step key, unique per incident: <c>ack-reminder</c>, <c>page-3</c>, <c>resolve-reminder</c>, <c>resolve-breach</c>.
    /// Recorded on the timeline (data <c>sla-step</c>) when the step is done, so it is never done twice.
    /// </summary>
    public string Step => StepKey(Kind, Page);

    /// <summary>The step key of a timer kind and page.</summary>
    public static string StepKey(SlaTimerKind kind, int page) => kind switch
    {
        SlaTimerKind.AcknowledgeReminder => "ack-reminder",
        SlaTimerKind.Page => string.Create(CultureInfo.InvariantCulture, $"page-{page}"),
        SlaTimerKind.ResolveReminder => "resolve-reminder",
        _ => "resolve-breach",
    };

    /// <summary>Parses a step key back into kind and page.</summary>
    /// <returns>False when <paramref name="step"/> is not a step key.</returns>
    public static bool TryParseStep(string step, out SlaTimerKind kind, out int page)
    {
        page = 0;
        switch (step)
        {
            case "ack-reminder":
                kind = SlaTimerKind.AcknowledgeReminder;
                return true;
            case "resolve-reminder":
                kind = SlaTimerKind.ResolveReminder;
                return true;
            case "resolve-breach":
                kind = SlaTimerKind.ResolveBreach;
                return true;
        }

        kind = SlaTimerKind.Page;
        return step.StartsWith("page-", StringComparison.Ordinal)
            && int.TryParse(step.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out page) && page >= 1;
    }
}
