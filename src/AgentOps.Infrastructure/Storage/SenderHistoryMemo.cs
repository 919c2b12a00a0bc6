using AgentOps.Core.Model;
using AgentOps.Core.Persistence;

namespace AgentOps.Infrastructure.Storage;

/// <summary>
/// The rows behind <see cref="SqlIncidentStore.GetSenderHistoryAsync"/>, kept per customer domain for the length of
/// one batch transaction that no other writer can interleave with (SQLite's <c>BEGIN IMMEDIATE</c>), and kept exact by
/// applying the batch's own saves to them: the intake asks for the history of the same domain many times in a batch.
/// A save it cannot apply exactly drops the domain's rows (the next call reads the database again); a rolled-back item
/// drops everything (<see cref="Clear"/>). Thread-safe.
/// </summary>
internal sealed class SenderHistoryMemo
{
    private static readonly HashSet<string> OpenStates = IncidentQuery.Open.States.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);

    private readonly Dictionary<(string Domain, int Limit), DomainRows> _domains = [];
    private readonly Lock _lock = new();

    /// <summary>One incident as the two history queries see it.</summary>
    /// <param name="Id">Incident id.</param>
    /// <param name="Priority">Priority as stored (1 = P1).</param>
    /// <param name="CreatedAt">Creation, UTC ticks.</param>
    /// <param name="Email">Customer email, lower-cased, or null.</param>
    /// <param name="State">State name (not read for the first list).</param>
    /// <param name="Title">Title (not read for the first list).</param>
    public sealed record Row(string Id, int Priority, long CreatedAt, string? Email, string State, string Title);

    /// <summary>The answer from the kept rows, or false when they cannot give it exactly (then read the database).</summary>
    /// <param name="domain">Normalized domain; empty means every incident.</param>
    /// <param name="email">Lower-cased sender.</param>
    /// <param name="since">Open incidents created at or after these UTC ticks.</param>
    /// <param name="limit">The query limit.</param>
    /// <param name="history">The answer when true.</param>
    public bool TryGet(string domain, string email, long since, int limit, out SenderHistory history)
    {
        lock (_lock)
        {
            history = null!;
            if (!_domains.TryGetValue((domain, limit), out var rows) || since < rows.OpenSince)
            {
                return false;
            }

            var recent = new List<IncidentHeader>(rows.Open.Count);
            foreach (var row in rows.Open)
            {
                if (row.CreatedAt >= since)
                {
                    recent.Add(new IncidentHeader(row.Id, row.Title, Enum.Parse<IncidentState>(row.State), new DateTimeOffset(row.CreatedAt, TimeSpan.Zero)));
                }
            }

            // A full list may hide rows past the limit that would now move up in place of the ones filtered out.
            if (recent.Count < rows.Open.Count && rows.Open.Count >= limit)
            {
                return false;
            }

            history = new SenderHistory(rows.All.Count(r => string.Equals(r.Email, email, StringComparison.Ordinal)), recent);
            return true;
        }
    }

    /// <summary>Keeps what the two queries read for a domain.</summary>
    /// <param name="domain">Normalized domain; empty means every incident.</param>
    /// <param name="limit">The query limit.</param>
    /// <param name="since">The open-since bound the open rows were read with.</param>
    /// <param name="all">The first <paramref name="limit"/> incidents of the domain in list order.</param>
    /// <param name="open">The first <paramref name="limit"/> open incidents created since <paramref name="since"/>, in list order.</param>
    public void Remember(string domain, int limit, long since, List<Row> all, List<Row> open)
    {
        lock (_lock)
        {
            _domains[(domain, limit)] = new DomainRows(since, all, open);
        }
    }

    /// <summary>Applies a save of the batch to the kept rows.</summary>
    /// <param name="row">The incident as saved.</param>
    /// <param name="domain">Its normalized domain, or null.</param>
    /// <param name="inserted">True for a new incident, false for an update.</param>
    public void Saved(Row row, string? domain, bool inserted)
    {
        lock (_lock)
        {
            List<(string, int)>? stale = null;
            foreach (var (key, rows) in _domains)
            {
                var applies = key.Domain.Length == 0 || string.Equals(key.Domain, domain, StringComparison.Ordinal);
                // A new incident is in no other domain's rows; an updated one found there moved to another domain.
                var exact = applies
                    ? rows.Apply(row, key.Limit, inserted)
                    : inserted || !rows.Holds(row.Id);
                if (!exact)
                {
                    (stale ??= []).Add(key);
                }
            }

            foreach (var key in stale ?? [])
            {
                _domains.Remove(key);
            }
        }
    }

    /// <summary>Forgets everything (an item of the batch was rolled back).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _domains.Clear();
        }
    }

    private sealed class DomainRows(long openSince, List<Row> all, List<Row> open)
    {
        public long OpenSince { get; } = openSince;

        public List<Row> All { get; } = all;

        public List<Row> Open { get; } = open;

        public bool Holds(string id) => All.Exists(r => r.Id == id) || Open.Exists(r => r.Id == id);

        /// <summary>Applies a save of an incident of this domain; false when the kept rows can no longer answer exactly.</summary>
        public bool Apply(Row row, int limit, bool inserted)
        {
            if (inserted)
            {
                Insert(All, row, limit);
                if (Qualifies(row))
                {
                    Insert(Open, row, limit);
                }

                return true;
            }

            // An update that changes nothing a list reads leaves it as it is (the intake's replies and bursts). Otherwise
            // the row could move in or out of a list, past rows this memo never read: only a row that stays out is exact.
            var inAll = All.Find(r => r.Id == row.Id);
            var inOpen = Open.Find(r => r.Id == row.Id);
            var allExact = inAll is null ? Position(All, row) >= limit : SameForAll(inAll, row);
            var openExact = inOpen is null ? !Qualifies(row) || Position(Open, row) >= limit : SameForOpen(inOpen, row);
            return allExact && openExact;
        }

        // The first list counts the sender's incidents: it reads the order and the email.
        private static bool SameForAll(Row a, Row b) => a.Priority == b.Priority && a.CreatedAt == b.CreatedAt && a.Email == b.Email;

        // The second lists open incidents with their titles: it reads the order, the state and the title.
        private static bool SameForOpen(Row a, Row b) => a.Priority == b.Priority && a.CreatedAt == b.CreatedAt && a.State == b.State && a.Title == b.Title;

        private bool Qualifies(Row row) => OpenStates.Contains(row.State) && row.CreatedAt >= OpenSince;

        private static void Insert(List<Row> list, Row row, int limit)
        {
            var at = Position(list, row);
            if (at >= limit)
            {
                return;
            }

            list.Insert(at, row);
            if (list.Count > limit)
            {
                list.RemoveAt(list.Count - 1);
            }
        }

        /// <summary>Where the row goes in list order (priority, creation, id).</summary>
        private static int Position(List<Row> list, Row row)
        {
            var at = list.FindIndex(r => Compare(row, r) < 0);
            return at < 0 ? list.Count : at;
        }

        private static int Compare(Row a, Row b)
        {
            var byPriority = a.Priority.CompareTo(b.Priority);
            if (byPriority != 0)
            {
                return byPriority;
            }

            var byCreation = a.CreatedAt.CompareTo(b.CreatedAt);
            return byCreation != 0 ? byCreation : string.CompareOrdinal(a.Id, b.Id);
        }
    }
}
