using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>The board: open incidents by priority and state, with their SLA countdowns and filters.</summary>
public static class BoardPage
{
    private static readonly IncidentState[] OpenStates = [IncidentState.New, IncidentState.Triaged, IncidentState.Investigating, IncidentState.Mitigating];

    /// <summary>The content of the board.</summary>
    /// <param name="open">The open incidents, most urgent first.</param>
    /// <param name="filter">What to show.</param>
    /// <param name="now">The time countdowns are computed at.</param>
    public static HtmlFragment Render(IReadOnlyList<IncidentSummary> open, BoardFilter filter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(filter);
        var shown = open.Where(i => filter.Matches(i, now)).ToList();
        var breached = open.Count(i => SlaCountdown.IsBreached(i, now));
        var groups = Enum.GetValues<Priority>().Select(p => (Priority: p, Incidents: shown.Where(i => i.Priority == p).ToList())).Where(g => g.Incidents.Count > 0).ToList();
        var sections = groups.Count == 0
            ? Html.Format($"""<p class="empty">No open incident{(filter == new BoardFilter(null, null, null, false) ? "" : " matches these filters")}.</p>""")
            : Html.Each(groups, g => Html.Format($"""
                <section class="priority" id="{g.Priority}" aria-labelledby="h-{g.Priority}">
                <h2 id="h-{g.Priority}"><span class="badge prio {g.Priority}">{g.Priority}</span> {g.Incidents.Count} open</h2>
                <div class="cards">{Html.Each(g.Incidents, i => Card(i, now))}</div>
                </section>
                """));
        return Html.Format($"""
            <h1>Open incidents <span class="count">{open.Count}</span>{Html.If(breached > 0, Html.Format($""" <span class="badge breached">{breached} SLA breached</span>"""))}</h1>
            {Filters(filter)}
            {Matrix(open)}
            {sections}
            """);
    }

    private static HtmlFragment Filters(BoardFilter filter) => Html.Format($"""
        <form class="filters" method="get" action="/" role="search">
        <label>Priority <select name="priority"><option value="">any</option>{Html.Each(Enum.GetValues<Priority>(), p => Option(p.ToString(), filter.Priority == p))}</select></label>
        <label>State <select name="state"><option value="">any</option>{Html.Each(OpenStates, s => Option(s.ToString(), filter.State == s))}</select></label>
        <label>Search <input type="search" name="q" value="{filter.Text}" placeholder="id, title, customer"></label>
        <label class="check"><input type="checkbox" name="breached" value="1"{(filter.BreachedOnly ? Html.Format($" checked") : HtmlFragment.Empty)}> SLA breached only</label>
        <button type="submit">Filter</button> <a href="/">Clear</a>
        </form>
        """);

    private static HtmlFragment Option(string value, bool selected) =>
        Html.Format($"""<option value="{value}"{(selected ? Html.Format($" selected") : HtmlFragment.Empty)}>{value}</option>""");

    private static HtmlFragment Matrix(IReadOnlyList<IncidentSummary> open)
    {
        if (open.Count == 0)
        {
            return HtmlFragment.Empty;
        }

        var priorities = Enum.GetValues<Priority>();
        return Html.Format($"""
            <div class="table-scroll"><table class="matrix" aria-label="Open incidents by priority and state">
            <tr><th scope="col">Priority</th>{Html.Each(OpenStates, s => Html.Format($"""<th scope="col">{s}</th>"""))}</tr>
            {Html.Each(priorities, p => Html.Format($"""<tr><th scope="row">{p}</th>{Html.Each(OpenStates, s => Cell(p, s, open.Count(i => i.Priority == p && i.State == s)))}</tr>"""))}
            </table></div>
            """);
    }

    private static HtmlFragment Cell(Priority priority, IncidentState state, int count) => count == 0
        ? Html.Format($"""<td class="zero">0</td>""")
        : Html.Format($"""<td><a href="/?priority={priority}&amp;state={state}">{count}</a></td>""");

    private static HtmlFragment Card(IncidentSummary incident, DateTimeOffset now)
    {
        var drafts = incident.DraftsAwaitingApproval;
        var done = incident.TracksDone;
        var breached = SlaCountdown.IsBreached(incident, now) ? " breached" : string.Empty;
        return Html.Format($"""
            <article class="card {incident.Priority}{breached}" data-incident="{incident.Id}" data-version="{incident.Version}">
            <h3><a href="{Html.IncidentPath(incident.Id)}">{incident.Id}</a></h3>
            <p class="title">{incident.Title}</p>
            <p class="badges"><span class="badge prio {incident.Priority}">{incident.Priority}</span> <span class="badge state">{incident.State}</span>{Html.If(incident.EscalationLevel > 0, Html.Format($""" <span class="badge escalated">escalated ×{incident.EscalationLevel}</span>"""))}{(incident.Customer is { } c ? Html.Format($""" <span class="customer">{c.Name} · {c.Tier}</span>""") : HtmlFragment.Empty)}</p>
            <p class="sla">{SlaCountdown.Acknowledge(incident, now)} · {SlaCountdown.Resolve(incident, now)}</p>
            <p class="meta">{(incident.TrackCount == 0 ? "no track yet" : $"tracks {done}/{incident.TrackCount} done")}{Html.If(drafts > 0, Html.Format($""" · <a href="{Html.IncidentPath(incident.Id)}#drafts" class="drafts">{drafts} draft{(drafts == 1 ? "" : "s")} awaiting approval</a>"""))}</p>
            </article>
            """);
    }
}
