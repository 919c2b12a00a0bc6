using AgentOps.Core.Model;

namespace AgentOps.Core.Persistence;

/// <summary>
/// Durable storage of incidents, their append-only timelines and the transactional outbox.
/// Implemented for SQLite (embedded default) and PostgreSQL; both pass the same contract tests.
/// </summary>
public interface IIncidentStore
{
    /// <summary>Allocates the next incident id for the year of <paramref name="now"/>, e.g. <c>INC-2026-0042</c>. Never returns the same id twice.</summary>
    Task<string> NextIncidentIdAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Loads an incident with its tracks, communications and full timeline.</summary>
    /// <returns>The incident, or <see langword="null"/> when there is none with that id.</returns>
    Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>Lists incidents matching <paramref name="query"/>, most urgent first (priority, then creation time).</summary>
    Task<IReadOnlyList<Incident>> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the summaries of the incidents matching <paramref name="query"/>, in the order and with the paging of
    /// <see cref="ListAsync"/>: what lists, boards and <c>status</c> show, without tracks, communications or timelines.
    /// </summary>
    /// <remarks>
    /// The default implementation loads the incidents with <see cref="ListAsync"/>; database stores compute the summaries
    /// in SQL from the stored columns and documents, without deserializing incidents or reading timelines.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative limit or offset.</exception>
    async Task<IReadOnlyList<IncidentSummary>> ListSummariesAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var incidents = await ListAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. incidents.Select(IncidentSummary.From)];
    }

    /// <summary>
    /// Lists the ids and versions of the incidents matching <paramref name="query"/>, in the order and with the paging of
    /// <see cref="ListAsync"/>: enough to see which incidents changed since they were read.
    /// </summary>
    /// <remarks>The default implementation loads the incidents with <see cref="ListAsync"/>; database stores read two columns.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A negative limit or offset.</exception>
    async Task<IReadOnlyList<IncidentVersion>> ListVersionsAsync(IncidentQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var incidents = await ListAsync(query, cancellationToken).ConfigureAwait(false);
        return [.. incidents.Select(i => new IncidentVersion(i.Id, i.Version))];
    }

    /// <summary>The versions of the incidents among <paramref name="incidentIds"/> that exist (ids compared exactly).</summary>
    /// <remarks>The default implementation loads each incident with <see cref="FindAsync"/>; database stores read two columns.</remarks>
    async Task<IReadOnlyList<IncidentVersion>> GetVersionsAsync(IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incidentIds);
        var versions = new List<IncidentVersion>();
        foreach (var id in incidentIds.Distinct(StringComparer.Ordinal))
        {
            if (await FindAsync(id, cancellationToken).ConfigureAwait(false) is { } incident)
            {
                versions.Add(new IncidentVersion(incident.Id, incident.Version));
            }
        }

        return versions;
    }

    /// <summary>
    /// Reads, in one go, the sender history the intake needs: how many of the <paramref name="limit"/> most urgent incidents
    /// of <paramref name="customerDomain"/> come from <paramref name="senderEmail"/> (compared case-insensitively), and the
    /// domain's open incidents created since <paramref name="openSince"/> (at most <paramref name="limit"/>, most urgent first).
    /// An empty domain means every incident, as in <see cref="IncidentQuery.CustomerDomain"/>.
    /// </summary>
    /// <remarks>
    /// The default implementation loads the incidents with <see cref="ListAsync"/>; database stores answer it with two
    /// small queries that read neither incident documents nor timelines.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    async Task<SenderHistory> GetSenderHistoryAsync(
        string customerDomain, string senderEmail, DateTimeOffset openSince, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerDomain);
        ArgumentNullException.ThrowIfNull(senderEmail);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var history = await ListAsync(new IncidentQuery { CustomerDomain = customerDomain, Limit = limit }, cancellationToken).ConfigureAwait(false);
        var previous = history.Count(i => string.Equals(i.Customer?.Email, senderEmail, StringComparison.OrdinalIgnoreCase));

        // A history shorter than the limit is complete: the recent open incidents are among it.
        var recent = history.Count < limit
            ? history.Where(i => i.CreatedAt >= openSince && IncidentQuery.Open.States.Contains(i.State)).ToList()
            : await ListAsync(IncidentQuery.Open with { CustomerDomain = customerDomain, CreatedSince = openSince, Limit = limit }, cancellationToken)
                .ConfigureAwait(false);
        return new SenderHistory(previous, [.. recent.Select(i => new IncidentHeader(i.Id, i.Title, i.State, i.CreatedAt))]);
    }

    /// <summary>
    /// Saves the incident and, in the same transaction, its new timeline events and everything in <paramref name="changes"/>
    /// (outbox messages, message ids, checkpoints). On success <see cref="Incident.Version"/> is incremented.
    /// </summary>
    /// <exception cref="ConcurrencyException">Someone else saved the incident since it was read; nothing was written.</exception>
    Task SaveAsync(Incident incident, ChangeSet? changes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Begins a batch: until it is committed or disposed, the calls made to this store from the current async flow run in
    /// one transaction (reads see the batch's own writes). Must be called synchronously by the flow that will use it, and
    /// the flow must not call the store from several tasks at once while it is open.
    /// </summary>
    /// <returns>The batch, or <see langword="null"/> when this store does not batch (each save then commits on its own; the default).</returns>
    /// <exception cref="InvalidOperationException">A batch is already open in this flow.</exception>
    IStoreBatch? BeginBatch() => null;

    /// <summary>Finds the incident that a message id (an inbound email, an outbound reply, a webhook delivery) belongs to.</summary>
    Task<string?> FindIncidentByMessageIdAsync(string messageId, CancellationToken cancellationToken = default);

    /// <summary>Reads a checkpoint (IMAP UIDVALIDITY/UID, GitHub ETag...), or <see langword="null"/>.</summary>
    Task<string?> GetCheckpointAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a checkpoint outside of an incident save.</summary>
    Task SetCheckpointAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> pending outbox messages due at <paramref name="now"/> for <paramref name="lease"/>,
    /// so that another dispatcher (or node) does not deliver them at the same time. A lease that expires (crash) makes them due again.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimOutboxAsync(string owner, int max, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed message delivered.</summary>
    Task CompleteOutboxAsync(string messageId, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records a failed delivery; the message is retried at <paramref name="nextAttemptAt"/>, or kept as dead when <paramref name="dead"/>.</summary>
    Task FailOutboxAsync(string messageId, string error, DateTimeOffset nextAttemptAt, bool dead, CancellationToken cancellationToken = default);

    /// <summary>Lists outbox messages, optionally of one incident, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListOutboxAsync(string? incidentId = null, CancellationToken cancellationToken = default);
}
