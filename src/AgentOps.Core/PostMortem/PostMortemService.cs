using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.PostMortem;

/// <summary>
/// Generates an incident's post-mortem and runbook, stores them on the incident (<see cref="Incident.PostMortem"/>) with a
/// timeline event, writes <c>docs/incidents/&lt;id&gt;.md</c> and <c>docs/incidents/&lt;id&gt;-runbook.md</c>, scores them, and
/// queues their publication by each <see cref="IPostMortemPublisher"/> (GitHub when sync is on) in the same save.
/// Used by <c>agentops pm postmortem &lt;id&gt;</c> and <c>agentops pm runbook &lt;id&gt;</c>.
/// </summary>
public sealed class PostMortemService
{
    private const int SaveAttempts = 3;
    private readonly IIncidentStore _store;
    private readonly IIncidentDocumentWriter _writer;
    private readonly PostMortemGenerator _generator;
    private readonly PostMortemScorer _scorer = new();
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<IPostMortemPublisher> _publishers;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Incident store.</param>
    /// <param name="writer">Writes the Markdown files.</param>
    /// <param name="options">Post-mortem options.</param>
    /// <param name="time">Clock.</param>
    /// <param name="publishers">Where else post-mortems go (none by default).</param>
    public PostMortemService(IIncidentStore store, IIncidentDocumentWriter writer, PostMortemOptions options, TimeProvider time, IEnumerable<IPostMortemPublisher>? publishers = null)
    {
        _publishers = publishers?.ToList() ?? [];
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _generator = new PostMortemGenerator(options ?? throw new ArgumentNullException(nameof(options)));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Relative path of an incident's post-mortem.</summary>
    public static string PostMortemPath(string incidentId) => $"docs/incidents/{incidentId}.md";

    /// <summary>Relative path of an incident's runbook.</summary>
    public static string RunbookPath(string incidentId) => $"docs/incidents/{incidentId}-runbook.md";

    /// <summary>(Re)generates the post-mortem and runbook of <paramref name="incidentId"/>, stores and writes them.</summary>
    /// <param name="incidentId">The incident.</param>
    /// <param name="actor">Who asked (timeline).</param>
    /// <param name="source"><c>cli</c>, <c>chat</c>, <c>github</c>, <c>system</c>.</param>
    /// <param name="cancellationToken">Cancels loading, saving and writing.</param>
    /// <exception cref="IOException">The documents could not be written (the post-mortem is stored on the incident already).</exception>
    public async Task<PostMortemResult> GeneratePostMortemAsync(string incidentId, string actor, string source, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var incident = await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
            if (incident is null)
            {
                return new PostMortemResult(false, $"No incident {incidentId}.");
            }

            var now = _time.GetUtcNow();
            var document = _generator.Generate(incident, now);
            var report = new PostMortemReport(document.Markdown, document.Runbook, now);
            var score = _scorer.Score(incident, report);
            incident.PostMortem = report;
            var changes = new ChangeSet();
            foreach (var publisher in _publishers)
            {
                changes.Outbox.AddRange(publisher.Publish(incident, report, now));
            }

            var data = new Dictionary<string, string>
            {
                ["path"] = PostMortemPath(incident.Id),
                ["runbook"] = RunbookPath(incident.Id),
                ["score"] = $"{score.Passed}/{score.Total}",
            };
            if (changes.Outbox.Count > 0)
            {
                data["published"] = string.Join(",", changes.Outbox.Select(m => m.Kind).Distinct());
            }

            incident.Record(now, actor, source, "postmortem", $"Post-mortem generated ({score.Passed}/{score.Total} checklist sections backed by data).", data);
            try
            {
                await _store.SaveAsync(incident, changes.Outbox.Count == 0 ? null : changes, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException) when (attempt < SaveAttempts)
            {
                continue;
            }

            var result = await WriteAsync(incident.Id, report, score, cancellationToken).ConfigureAwait(false);
            return data.TryGetValue("published", out var published)
                ? result with { Message = $"{result.Message} Queued for publication ({published}) through the outbox." }
                : result;
        }
    }

    /// <summary>The runbook of <paramref name="incidentId"/>: the stored one, or a new post-mortem and runbook when none exists yet.</summary>
    /// <exception cref="IOException">The documents could not be written.</exception>
    public async Task<PostMortemResult> GetRunbookAsync(string incidentId, string actor, string source, CancellationToken cancellationToken = default)
    {
        var incident = await _store.FindAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            return new PostMortemResult(false, $"No incident {incidentId}.");
        }

        if (incident.PostMortem is null)
        {
            return await GeneratePostMortemAsync(incidentId, actor, source, cancellationToken).ConfigureAwait(false);
        }

        return await WriteAsync(incident.Id, incident.PostMortem, _scorer.Score(incident, incident.PostMortem), cancellationToken).ConfigureAwait(false);
    }

    private async Task<PostMortemResult> WriteAsync(string incidentId, PostMortemReport report, PostMortemScore score, CancellationToken cancellationToken)
    {
        var pmPath = await _writer.WriteAsync(PostMortemPath(incidentId), report.Markdown, cancellationToken).ConfigureAwait(false);
        var rbPath = await _writer.WriteAsync(RunbookPath(incidentId), report.Runbook, cancellationToken).ConfigureAwait(false);
        return new PostMortemResult(true, $"Post-mortem of {incidentId} written to {pmPath}, runbook to {rbPath} (checklist {score.Passed}/{score.Total}).")
        {
            Markdown = report.Markdown,
            Runbook = report.Runbook,
            PostMortemPath = pmPath,
            RunbookPath = rbPath,
            Score = score,
        };
    }
}
