using System.Globalization;
using System.Text;
using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>
/// <see cref="IntakeService"/> with the MIME parser, the rules classifier and the SQLite store: the batched path (parse and
/// classification ahead, kept incident copies, cached commands) must give exactly what processing mail by mail gives.
/// </summary>
public sealed class IntakeServiceSqliteTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"agentops-intake-sqlite-{Guid.NewGuid():N}");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ProcessBatchAsync_ThreeHundredMixedMails_SameOutcomesAndIncidentsAsOneByOne()
    {
        // Arrange
        var mails = MixedMails(300, seed: 7);

        // Act
        var (expected, actual) = await OneByOneAndBatchedAsync(mails);

        // Assert
        Assert.Equal(expected.Outcomes, actual.Outcomes);
        Assert.Equal(expected.Stored, actual.Stored);
        Assert.Superset(
            new HashSet<string> { "Created", "Updated", "Duplicate", "Quarantined" },
            expected.Outcomes.Select(o => o[..o.IndexOf(' ', StringComparison.Ordinal)]).ToHashSet());
        Assert.Contains(expected.Outcomes, o => o.Contains("| burst |", StringComparison.Ordinal));
        Assert.Contains(expected.Outcomes, o => o.Contains("| reply |", StringComparison.Ordinal));
        Assert.Contains(expected.Outcomes, o => o.Contains("sender history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessBatchAsync_OneSenderWritingTenDifferentMailsInARow_SenderHistoryAsWhenOneByOne()
    {
        // Arrange: each mail is classified ahead before the previous ones are stored, so its predicted history is stale.
        string[] topics = ["paiement refusé", "export vide", "connexion lente", "facture fausse", "stock négatif", "api muette", "mobile figé", "rapport absent", "livraison perdue", "compte verrouillé"];
        var mails = topics.Select((topic, i) => TestMail.Simple($"s{i}@client-existant.fr", $"Problème {topic}", $"Bonjour, {topic} depuis ce matin.", from: "jean@client-existant.fr")).ToList();

        // Act
        var (expected, actual) = await OneByOneAndBatchedAsync(mails);

        // Assert
        Assert.Equal(expected.Outcomes, actual.Outcomes);
        Assert.Equal(expected.Stored, actual.Stored);
        Assert.Contains(expected.Outcomes, o => o.Contains("sender history: 9 previous incidents", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_IncidentChangedByAnotherWriterBetweenTwoMails_AddsTheReplyWithoutUsingARetry()
    {
        // Arrange
        await using var store = SqlIncidentStore.ForSqlite(Path.Combine(_directory, "store.db"));
        var service = Service(store, new IntakeOptions { ConcurrencyRetries = 0 });
        var first = await service.ProcessAsync(new MemoryStream(TestMail.Seed()), new IntakeContext("test:1"));
        await using var otherWriter = SqlIncidentStore.ForSqlite(Path.Combine(_directory, "store.db"));
        var incident = (await otherWriter.FindAsync(first.IncidentId!))!;
        incident.Record(Now, "operator", "cli", "note", "Called the customer back", new Dictionary<string, string>());
        await otherWriter.SaveAsync(incident);
        var reply = TestMail.Simple("reply-1@client-existant.fr", "Re: paiements", "Toujours bloqué.", extraHeaders: "In-Reply-To: <seed-004@client-existant.fr>\r\n");

        // Act
        var outcome = await service.ProcessAsync(new MemoryStream(reply), new IntakeContext("test:2"));

        // Assert
        Assert.Equal(IntakeStatus.Updated, outcome.Status);
        var stored = (await store.FindAsync(first.IncidentId!))!;
        Assert.Contains(stored.Timeline, e => e.Kind == "note" && e.Message == "Called the customer back");
        Assert.Contains(stored.Timeline, e => e.Data.GetValueOrDefault("message_id") == "reply-1@client-existant.fr");
        Assert.Equal(["seed-004@client-existant.fr", "reply-1@client-existant.fr"], stored.MessageIds);
    }

    [Fact]
    public async Task ProcessBatchAsync_CancelledAfterAReplyWasSaved_ReplyIsAddedOnceWhenProcessedAgain()
    {
        // Arrange
        await using var store = SqlIncidentStore.ForSqlite(Path.Combine(_directory, "store.db"));
        using var cts = new CancellationTokenSource();
        var service = Service(store, new IntakeOptions { ClassifyAhead = false }, new CancellingClassifier("STOP-HERE", cts));
        var first = await service.ProcessAsync(new MemoryStream(TestMail.Seed()), new IntakeContext("test:1"));
        var reply = TestMail.Simple("reply-1@client-existant.fr", "Re: paiements", "Toujours bloqué.", extraHeaders: "In-Reply-To: <seed-004@client-existant.fr>\r\n");
        var stop = TestMail.Simple("stop@client-existant.fr", "Autre sujet", "STOP-HERE", from: "compta@autre.fr");

        // Act
        var cancelled = await Record.ExceptionAsync(() => service.ProcessBatchAsync(
            [new IntakeItem(new IntakeContext("test:2"), () => new MemoryStream(reply)), new IntakeItem(new IntakeContext("test:3"), () => new MemoryStream(stop))],
            cts.Token));
        var again = await service.ProcessBatchAsync([new IntakeItem(new IntakeContext("test:2"), () => new MemoryStream(reply))]);

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(IntakeStatus.Updated, Assert.Single(again).Status);
        var stored = (await store.FindAsync(first.IncidentId!))!;
        Assert.Equal(["seed-004@client-existant.fr", "reply-1@client-existant.fr"], stored.MessageIds);
        Assert.Single(stored.Timeline, e => e.Kind == "signal" && e.Data.GetValueOrDefault("message_id") == "reply-1@client-existant.fr");
    }

    [Fact]
    public async Task ProcessBatchAsync_ClassifierCallsARemoteModel_ClassifiesOnlyInTurnSoNoCallIsWasted()
    {
        // Arrange: the same 300 mixed mails (bursts, replies, duplicates) through a classifier billed per call.
        var mails = MixedMails(300, seed: 7);
        await using var oneByOneStore = SqlIncidentStore.ForSqlite(Path.Combine(_directory, "one-by-one.db"));
        await using var batchedStore = SqlIncidentStore.ForSqlite(Path.Combine(_directory, "batched.db"));
        var oneByOneModel = new RemoteModelClassifier();
        var batchedModel = new RemoteModelClassifier();
        var oneByOne = Service(oneByOneStore, classifier: oneByOneModel);
        var batched = Service(batchedStore, classifier: batchedModel);
        for (var i = 0; i < mails.Count; i++)
        {
            await oneByOne.ProcessAsync(new MemoryStream(mails[i]), new IntakeContext($"test:{i}"));
        }

        // Act
        foreach (var chunk in Enumerable.Range(0, mails.Count).Chunk(64))
        {
            await batched.ProcessBatchAsync([.. chunk.Select(i => new IntakeItem(new IntakeContext($"test:{i}"), () => new MemoryStream(mails[i])))]);
        }

        // Assert: as many calls in batches (ClassifyAhead on by default) as one by one, and fewer than mails.
        Assert.Equal(oneByOneModel.Calls, batchedModel.Calls);
        Assert.InRange(batchedModel.Calls, 1, mails.Count - 1);
    }

    /// <summary>The described outcomes and stored incidents of the mails processed one by one, then in batches of 64, each on a new database.</summary>
    private async Task<((List<string> Outcomes, List<string> Stored) OneByOne, (List<string> Outcomes, List<string> Stored) Batched)> OneByOneAndBatchedAsync(List<byte[]> mails)
    {
        await using var oneByOneStore = SqlIncidentStore.ForSqlite(Path.Combine(_directory, $"one-by-one-{Guid.NewGuid():N}.db"));
        await using var batchedStore = SqlIncidentStore.ForSqlite(Path.Combine(_directory, $"batched-{Guid.NewGuid():N}.db"));
        var oneByOne = Service(oneByOneStore);
        var batched = Service(batchedStore);
        var expected = new List<IntakeOutcome>();
        for (var i = 0; i < mails.Count; i++)
        {
            expected.Add(await oneByOne.ProcessAsync(new MemoryStream(mails[i]), new IntakeContext($"test:{i}")));
        }

        var actual = new List<IntakeOutcome>();
        foreach (var chunk in Enumerable.Range(0, mails.Count).Chunk(64))
        {
            actual.AddRange(await batched.ProcessBatchAsync([.. chunk.Select(i => new IntakeItem(new IntakeContext($"test:{i}"), () => new MemoryStream(mails[i])))]));
        }

        return (([.. expected.Select(Describe)], await DumpAsync(oneByOneStore)), ([.. actual.Select(Describe)], await DumpAsync(batchedStore)));
    }

    private static IntakeService Service(IIncidentStore store, IntakeOptions? options = null, ITriageClassifier? classifier = null)
    {
        var triage = new TriageOptions();
        return new IntakeService(
            new MimeEmailParser(Options.Create(new MailOptions())),
            store,
            classifier ?? new RulesTriageClassifier(),
            new SlaPolicy(triage),
            new ConfiguredCustomerDirectory(triage),
            new FakeTimeProvider(Now),
            options ?? new IntakeOptions());
    }

    /// <summary>
    /// New mails from a few senders (some writing often enough to get a sender history), bursts of look-alikes, replies,
    /// subject tags, exact duplicates and mails without a sender, in a reproducible order.
    /// </summary>
    private static List<byte[]> MixedMails(int count, int seed)
    {
        string[] domains = ["client-existant.fr", "shop.example", "bank.example", "news.example"];
        string[] people = ["jean", "marie", "ops", "support"];
        string[] words =
        [
            "paiement", "facture", "connexion", "export", "serveur", "lenteur", "erreur", "compte", "mot", "passe", "rapport",
            "livraison", "commande", "stock", "client", "mobile", "application", "tableau", "bord", "synchronisation", "api",
        ];
        string[] urgency = ["URGENT", "bloqué", "production down", "critique", "asap", "question", string.Empty, string.Empty];
        var random = new Random(seed);
        var mails = new List<byte[]>();
        var ids = new List<string>();
        var subjects = new List<(string From, string Subject, string Body)>();
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            var id = $"m{i}@test.example";
            string from;
            string subject;
            string body;
            var headers = string.Empty;
            if (roll < 7 && mails.Count > 0)
            {
                mails.Add(mails[random.Next(mails.Count)]);
                continue;
            }

            if (roll < 10)
            {
                mails.Add(Encoding.UTF8.GetBytes($"To: support@agence.fr\r\nSubject: sans expéditeur {i}\r\nMessage-ID: <{id}>\r\n\r\nbonjour\r\n"));
                continue;
            }

            if (roll < 22 && ids.Count > 0)
            {
                var target = ids[random.Next(ids.Count)];
                headers = $"In-Reply-To: <{target}>\r\n";
                (from, subject, body) = ($"{people[random.Next(people.Length)]}@{domains[random.Next(domains.Length)]}", "Re: suivi", $"Des nouvelles ? {i}");
            }
            else if (roll < 40 && subjects.Count > 0)
            {
                var (earlierFrom, earlierSubject, earlierBody) = subjects[random.Next(subjects.Count)];
                (from, subject, body) = (earlierFrom, earlierSubject, earlierBody + " encore");
            }
            else
            {
                from = $"{people[random.Next(people.Length)]}@{domains[random.Next(domains.Length)]}";
                var topic = string.Join(' ', Enumerable.Range(0, 4).Select(_ => words[random.Next(words.Length)]));
                subject = $"{urgency[random.Next(urgency.Length)]} {topic} {i}".Trim();
                body = $"Bonjour, {topic} ne fonctionne plus depuis ce matin ({i}). {urgency[random.Next(urgency.Length)]}";
                if (roll >= 95)
                {
                    subject += " [INC-2026-" + (1 + random.Next(20)).ToString("D4", CultureInfo.InvariantCulture) + "]";
                }

                subjects.Add((from, subject, body));
            }

            ids.Add(id);
            mails.Add(TestMail.Simple(id, subject, body, from, headers));
        }

        return mails;
    }

    private static string Describe(IntakeOutcome o) => string.Join(
        " | ",
        o.Status,
        o.Source,
        o.MessageId,
        o.IncidentId,
        o.Correlation,
        o.Priority,
        o.Intent,
        o.Confidence?.ToString(CultureInfo.InvariantCulture),
        o.SlaDeadline?.ToString("O", CultureInfo.InvariantCulture),
        o.SignalCount,
        o.QuarantineReason,
        string.Join(" / ", o.Reasons),
        string.Join(",", o.Skills));

    /// <summary>Every incident with its whole timeline and every message id, as stored.</summary>
    private static async Task<List<string>> DumpAsync(SqlIncidentStore store)
    {
        var dump = new List<string>();
        foreach (var header in await store.ListAsync(new IncidentQuery { Limit = 10_000 }))
        {
            var incident = (await store.FindAsync(header.Id))!;
            dump.Add($"{incident.Version} {IncidentSerializer.Serialize(incident)}");
            dump.AddRange(incident.Timeline.Select(IncidentSerializer.SerializeEvent));
            dump.AddRange(await Task.WhenAll(incident.MessageIds.Select(async m => $"{m} -> {await store.FindIncidentByMessageIdAsync(m)}")));
        }

        return dump;
    }

    /// <summary>The rules, except that a body holding <paramref name="marker"/> cancels <paramref name="cancellation"/> (a shutdown mid-batch).</summary>
    private sealed class CancellingClassifier(string marker, CancellationTokenSource cancellation) : ITriageClassifier
    {
        private readonly RulesTriageClassifier _rules = new();

        public string Name => "rules";

        public Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default)
        {
            if (input.Body.Contains(marker, StringComparison.Ordinal))
            {
                cancellation.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return _rules.ClassifyAsync(input, cancellationToken);
        }
    }

    /// <summary>The rules, counted, presented as a classifier that calls a remote model.</summary>
    private sealed class RemoteModelClassifier : ITriageClassifier
    {
        private readonly RulesTriageClassifier _rules = new();
        private int _calls;

        public int Calls => _calls;

        public string Name => "llm";

        public bool CallsRemoteModel => true;

        public Task<TriageResult> ClassifyAsync(TriageInput input, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return _rules.ClassifyAsync(input, cancellationToken);
        }
    }
}
