using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// One incident: SLA, drafts awaiting approval (with their approve buttons), tracks with GitHub links, findings with
/// evidence, root cause, state machine, timeline, sent communications and post-mortem.
/// </summary>
public static class IncidentPage
{
    /// <summary>What the page needs besides the incident.</summary>
    /// <param name="Now">The time countdowns are computed at.</param>
    /// <param name="CanApprove">Whether the viewer logged in with a key that has the write role (approving needs it, even when reading does not).</param>
    /// <param name="AntiforgeryToken">Token for the approve forms.</param>
    /// <param name="GitHubIssueUrl">Builds the web address of a GitHub issue number, or <see langword="null"/> when GitHub is not configured.</param>
    /// <param name="Notice">A message to show at the top (the outcome of an approval), or <see langword="null"/>.</param>
    /// <param name="NoticeIsError">Whether the notice reports a failure.</param>
    public sealed record Context(DateTimeOffset Now, bool CanApprove, string? AntiforgeryToken, Func<int, string>? GitHubIssueUrl, string? Notice = null, bool NoticeIsError = false);

    /// <summary>The content of the page.</summary>
    public static HtmlFragment Render(Incident incident, Context context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(context);
        var drafts = incident.Communications.Where(c => c.Status is CommunicationStatus.Draft or CommunicationStatus.Held).ToList();
        var others = incident.Communications.Except(drafts).ToList();
        var notice = context.Notice is null
            ? HtmlFragment.Empty
            : Html.Format($"""<p class="{(context.NoticeIsError ? "notice error" : "notice")}" role="alert">{context.Notice}</p>""");
        return Html.Format($"""
            <p class="crumbs"><a href="/">← Board</a></p>
            <h1><span class="id">{incident.Id}</span> <span class="title">{incident.Title}</span></h1>
            {notice}
            {Summary(incident, context)}
            <nav class="sections"><a href="#drafts">Drafts ({drafts.Count})</a> <a href="#tracks">Tracks ({incident.Tracks.Count})</a> <a href="#state">State</a> <a href="#timeline">Timeline ({incident.Timeline.Count})</a> <a href="#postmortem">Post-mortem</a></nav>
            <section id="drafts"><h2>Drafts awaiting approval</h2>{(drafts.Count == 0 ? Html.Format($"""<p class="empty">No draft awaiting approval.</p>""") : Html.Each(drafts, d => Draft(incident, d, context)))}</section>
            <section id="tracks"><h2>Tracks and findings</h2>{(incident.Tracks.Count == 0 ? Html.Format($"""<p class="empty">No investigation track yet.</p>""") : Html.Each(incident.Tracks, t => TrackView(incident, t, context)))}{RootCause(incident)}</section>
            <section id="state"><h2>State machine</h2><p>Now <strong>{incident.State}</strong>. Transitions taken are marked; the list is generated from the state machine in the code.</p>{StateDiagramView.Render(incident)}</section>
            <section id="timeline"><h2>Timeline</h2><ol class="timeline">{Html.Each(incident.Timeline, TimelineItem)}</ol></section>
            <section id="communications"><h2>Communications</h2>{(others.Count == 0 ? Html.Format($"""<p class="empty">Nothing sent or queued yet.</p>""") : Html.Format($"""<ul class="comms">{Html.Each(others, Sent)}</ul>"""))}</section>
            <section id="postmortem"><h2>Post-mortem</h2>{PostMortem(incident)}</section>
            """);
    }

    private static HtmlFragment Summary(Incident incident, Context context)
    {
        var epic = incident.GitHubIssueNumber is { } n && context.GitHubIssueUrl is { } url
            ? Html.Format($"""<dt>GitHub</dt><dd><a href="{url(n)}" rel="noopener noreferrer">epic #{n}</a></dd>""")
            : HtmlFragment.Empty;
        var customer = incident.Customer is { } c
            ? Html.Format($"""<dt>Customer</dt><dd>{c.Name} &lt;{c.Email}&gt; · {c.Domain} · {c.Tier}</dd>""")
            : HtmlFragment.Empty;
        var triage = incident.Triage is { } t
            ? Html.Format($"""<dt>Triage</dt><dd>{t.Intent} · confidence {t.Confidence:0.00}</dd>""")
            : HtmlFragment.Empty;
        return Html.Format($"""
            <dl class="summary" data-incident="{incident.Id}" data-version="{incident.Version}">
            <dt>Priority</dt><dd><span class="badge prio {incident.Priority}">{incident.Priority}</span> {incident.Severity}</dd>
            <dt>State</dt><dd><span class="badge state" id="current-state">{incident.State}</span>{Html.If(incident.EscalationLevel > 0, Html.Format($""" <span class="badge escalated">escalated ×{incident.EscalationLevel}</span>"""))}</dd>
            <dt>SLA</dt><dd class="sla">{SlaCountdown.Acknowledge(incident, context.Now)} · {SlaCountdown.Resolve(incident, context.Now)}</dd>
            {customer}{triage}{epic}
            <dt>Opened</dt><dd>{Stamp(incident.CreatedAt)} · {incident.SignalCount} signal{(incident.SignalCount == 1 ? "" : "s")}</dd>
            </dl>
            """);
    }

    private static HtmlFragment Draft(Incident incident, Communication draft, Context context)
    {
        var action = $"{Html.IncidentPath(incident.Id)}/communications/{Uri.EscapeDataString(draft.Id)}/approve";
        var approve = context.CanApprove
            ? Html.Format($"""<form method="post" action="{action}" class="approve"><input type="hidden" name="__RequestVerificationToken" value="{context.AntiforgeryToken}"><button type="submit">Approve and send</button></form>""")
            : Html.Format($"""<p class="hint"><a href="/login">Log in</a> with a key that can write to approve.</p>""");
        var reason = draft.Status == CommunicationStatus.Held
            ? Html.Format($"""<p class="held">Held by the pre-send check: {draft.StatusReason}. Edit it or approve again once the facts are there.</p>""")
            : HtmlFragment.Empty;
        return Html.Format($"""
            <article class="draft" data-communication="{draft.Id}">
            <h3>{draft.Subject}</h3>
            <p class="meta"><span class="badge">{draft.Status}</span> {draft.Kind} via {draft.Channel} to {draft.To} · {draft.Language} · drafted {Stamp(draft.CreatedAt)} · {draft.Id}</p>
            {reason}
            <pre class="body">{draft.Body}</pre>
            {approve}
            </article>
            """);
    }

    private static HtmlFragment TrackView(Incident incident, Track track, Context context)
    {
        var pending = TrackStateMachine.PendingDependencies(incident, track);
        var github = track.GitHubIssueNumber is { } n
            ? context.GitHubIssueUrl is { } url
                ? Html.Format($""" · <a href="{url(n)}" rel="noopener noreferrer" class="github">GitHub #{n}</a>""")
                : Html.Format($""" · GitHub #{n}""")
            : HtmlFragment.Empty;
        var waits = pending.Count > 0 && track.State == TrackState.Open
            ? Html.Format($""" · waits for {string.Join(", ", pending.Select(p => $"#{p}"))}""")
            : HtmlFragment.Empty;
        return Html.Format($"""
            <article class="track" data-track="{track.Number}">
            <h3>#{track.Number} {track.Title}</h3>
            <p class="meta"><span class="badge state">{track.State}</span> {track.Kind}{waits}{github}{(track.Assignee is { } a ? $" · {a}" : "")}{(track.StateReason is { } r ? $" — {r}" : "")}</p>
            {(track.Findings.Count == 0 ? Html.Format($"""<p class="empty">No finding yet.</p>""") : Html.Format($"""<ul class="findings">{Html.Each(track.Findings, Finding)}</ul>"""))}
            </article>
            """);
    }

    private static HtmlFragment Finding(Finding finding) => Html.Format($"""
        <li class="finding"><p><strong>{finding.Claim}</strong> <span class="confidence">confidence {finding.Confidence:0.00}</span>{(finding.Category is { } c ? Html.Format($""" <code>{c}</code>""") : HtmlFragment.Empty)}</p>
        {Html.If(finding.Evidence.Count > 0, Html.Format($"""<ul class="evidence">{Html.Each(finding.Evidence, e => Html.Format($"""<li><span class="source">{e.Source}</span> <span class="at">{Stamp(e.ObservedAt)}</span><pre>{e.Excerpt}</pre></li>"""))}</ul>"""))}</li>
        """);

    private static HtmlFragment RootCause(Incident incident) => incident.RootCause is not { } rca
        ? HtmlFragment.Empty
        : Html.Format($"""
            <div class="rootcause"><h3>Root cause</h3><p><strong>{rca.RootCause}</strong> <span class="confidence">confidence {rca.Confidence:0.00}</span></p>
            {Html.If(rca.ContributingCauses.Count > 0, Html.Format($"""<ul>{Html.Each(rca.ContributingCauses, c => Html.Format($"<li>{c}</li>"))}</ul>"""))}</div>
            """);

    private static HtmlFragment TimelineItem(TimelineEvent evt) => Html.Format($"""
        <li class="event {evt.Kind}" data-seq="{evt.Sequence}"><time datetime="{evt.At:O}">{Stamp(evt.At)}</time> <span class="actor">{evt.Actor}</span> <span class="source">({evt.Source})</span> <span class="kind">{evt.Kind}</span><div class="message">{evt.Message}</div></li>
        """);

    private static HtmlFragment Sent(Communication communication) => Html.Format($"""
        <li><span class="badge">{communication.Status}</span> {communication.Subject} <span class="meta">{communication.Kind} to {communication.To}{(communication.SentAt is { } at ? $" · sent {Stamp(at)}" : "")}{(communication.StatusReason is { } r ? $" · {r}" : "")}</span></li>
        """);

    private static HtmlFragment PostMortem(Incident incident)
    {
        if (incident.PostMortem is { } report)
        {
            return Html.Format($"""<p class="meta">Generated {Stamp(report.GeneratedAt)}.</p><div class="markdown">{SafeMarkdown.Render(report.Markdown)}</div>""");
        }

        return incident.PostMortemWaiver is { } waiver
            ? Html.Format($"""<p class="empty">Closed without post-mortem: {waiver}</p>""")
            : Html.Format($"""<p class="empty">No post-mortem yet (<code>agentops pm postmortem {incident.Id}</code> writes one).</p>""");
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
