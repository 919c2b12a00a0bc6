using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>
/// The contract every <see cref="IIncidentStore"/> database must pass. Each subclass gives each test a fresh database.
/// </summary>
public abstract partial class IncidentStoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private readonly List<SqlIncidentStore> _stores = [];

    protected FakeTimeProvider Clock { get; } = new(SampleIncidents.T0);

    /// <summary>A store on this test's database, initialized.</summary>
    protected SqlIncidentStore Store { get; private set; } = null!;

    /// <summary>The arguments that point the crash writer at this test's database.</summary>
    protected abstract IReadOnlyList<string> WriterArguments { get; }

    public async Task InitializeAsync()
    {
        await CreateDatabaseAsync();
        Store = OpenStore();
        await Store.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await CloseStoresAsync();
        await DeleteDatabaseAsync();
    }

    [Fact]
    public async Task Save_FullyPopulatedIncident_RoundTripsEveryField()
    {
        // Arrange
        var incident = SampleIncidents.FullyPopulated("INC-2026-0001");

        // Act
        await Store.SaveAsync(incident);
        var loaded = await OpenStore().FindAsync(incident.Id);

        // Assert
        DeepAssert.FullyPopulated(incident);
        DeepAssert.Equal(incident, loaded);
    }

    [Fact]
    public async Task Save_NewThenChanged_IncrementsVersionEachTime()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");

        // Act
        await Store.SaveAsync(incident);
        var afterInsert = incident.Version;
        incident.State = IncidentState.Triaged;
        await Store.SaveAsync(incident);

        // Assert
        Assert.Equal(1, afterInsert);
        Assert.Equal(2, incident.Version);
        var loaded = await Store.FindAsync(incident.Id);
        Assert.Equal(2, loaded!.Version);
        Assert.Equal(IncidentState.Triaged, loaded.State);
    }

    [Fact]
    public async Task Save_NewIncidentWithExistingId_ThrowsConcurrencyException()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001", title: "first"));
        var duplicate = SampleIncidents.Minimal("INC-2026-0001", title: "second");

        // Act
        var ex = await Assert.ThrowsAsync<ConcurrencyException>(() => Store.SaveAsync(duplicate));

        // Assert
        Assert.Equal(0, ex.ExpectedVersion);
        Assert.Equal("first", (await Store.FindAsync("INC-2026-0001"))!.Title);
    }

    [Fact]
    public async Task Save_StaleCopy_ThrowsAndWritesNothingOfTheSecondSave()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
        var first = (await Store.FindAsync("INC-2026-0001"))!;
        var second = (await OpenStore().FindAsync("INC-2026-0001"))!;
        first.Title = "first writer";
        first.Record(SampleIncidents.T0, "alice", "cli", "note", "from the first writer");
        await Store.SaveAsync(first, Changes("INC-2026-0001", "out-1", "<m1@x>", ("imap:uid", "10")));
        second.Title = "second writer";
        second.Record(SampleIncidents.T0, "bob", "cli", "note", "from the second writer");

        // Act
        var ex = await Assert.ThrowsAsync<ConcurrencyException>(
            () => Store.SaveAsync(second, Changes("INC-2026-0001", "out-2", "<m2@x>", ("imap:uid", "11"))));

        // Assert
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(1, second.Version);
        var stored = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal("first writer", stored.Title);
        Assert.Equal(2, stored.Version);
        Assert.Equal(["from the first writer"], stored.Timeline.Select(e => e.Message));
        Assert.Equal(["out-1"], (await Store.ListOutboxAsync()).Select(m => m.Id));
        Assert.Null(await Store.FindIncidentByMessageIdAsync("<m2@x>"));
        Assert.Equal("10", await Store.GetCheckpointAsync("imap:uid"));
    }

    [Fact]
    public async Task Save_ParallelWritersOnOneIncident_ExactlyOneWins()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
        var copies = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OpenStore().FindAsync("INC-2026-0001")));

        // Act
        var results = await Task.WhenAll(copies.Select(async (copy, i) =>
        {
            copy!.Record(SampleIncidents.T0, $"writer{i}", "cli", "note", $"writer {i}");
            try
            {
                await OpenStore().SaveAsync(copy, Changes(copy.Id, $"out-{i}", $"<m{i}@x>"));
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        // Assert
        Assert.Single(results, won => won);
        var stored = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(2, stored.Version);
        Assert.Single(stored.Timeline);
        var winner = stored.Timeline[0].Actor["writer".Length..];
        Assert.Equal([$"out-{winner}"], (await Store.ListOutboxAsync()).Select(m => m.Id));
    }

    [Fact]
    public async Task Save_NewEvents_AppendsOnlyThemAndKeepsTimelineContiguous()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        incident.Record(SampleIncidents.T0, "triage", "email", "signal", "one");
        incident.Record(SampleIncidents.T0, "triage", "email", "signal", "two");
        await Store.SaveAsync(incident);
        var loaded = (await Store.FindAsync(incident.Id))!;

        // Act
        await Store.SaveAsync(loaded);
        loaded.Record(SampleIncidents.T0.AddMinutes(1), "alice", "cli", "note", "three");
        await Store.SaveAsync(loaded);
        var reloaded = (await OpenStore().FindAsync(incident.Id))!;

        // Assert
        Assert.Equal([1L, 2L, 3L], reloaded.Timeline.Select(e => e.Sequence));
        Assert.Equal(["one", "two", "three"], reloaded.Timeline.Select(e => e.Message));
        Assert.Equal(3, reloaded.Version);
    }

    [Fact]
    public async Task Save_IncidentWithFewerEventsThanStored_ThrowsAndKeepsTimeline()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        incident.Record(SampleIncidents.T0, "triage", "email", "signal", "one");
        await Store.SaveAsync(incident);
        var rebuilt = SampleIncidents.Minimal("INC-2026-0001", title: "rebuilt without its timeline");
        rebuilt.Version = incident.Version;

        // Act
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SaveAsync(rebuilt));

        // Assert
        var stored = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal("Incident INC-2026-0001", stored.Title);
        Assert.Equal(["one"], stored.Timeline.Select(e => e.Message));
    }

    [Fact]
    public async Task Find_UnknownIncident_ReturnsNull()
    {
        // Act
        var found = await Store.FindAsync("INC-2026-9999");

        // Assert
        Assert.Null(found);
    }

    [Fact]
    public async Task Save_WithOutbox_StoresMessagesPendingInOrder()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        var changes = new ChangeSet();
        changes.Outbox.Add(new OutboxMessage("out-b", incident.Id, "email", "{\"to\":\"a\"}", SampleIncidents.T0));
        changes.Outbox.Add(new OutboxMessage("out-a", incident.Id, "github", "{\"issue\":1}", SampleIncidents.T0));
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002"), Changes("INC-2026-0002", "out-other"));

        // Act
        await Store.SaveAsync(incident, changes);

        // Assert
        var messages = await Store.ListOutboxAsync(incident.Id);
        Assert.Equal(["out-b", "out-a"], messages.Select(m => m.Id));
        Assert.All(messages, m => Assert.Equal(OutboxStatus.Pending, m.Status));
        Assert.Equal(SampleIncidents.T0, messages[0].NextAttemptAt);
        Assert.Equal("{\"issue\":1}", messages[1].Payload);
        Assert.Equal(3, (await Store.ListOutboxAsync()).Count);
    }

    [Fact]
    public async Task ClaimOutbox_ParallelClaimers_NeverClaimTheSameMessage()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        var changes = new ChangeSet();
        changes.Outbox.AddRange(Enumerable.Range(1, 60).Select(i => new OutboxMessage($"out-{i:D2}", incident.Id, "email", "{}", SampleIncidents.T0)));
        await Store.SaveAsync(incident, changes);
        var claims = new ConcurrentBag<string>();

        // Act
        await Task.WhenAll(Enumerable.Range(0, 6).Select(async worker =>
        {
            var store = OpenStore();
            while (true)
            {
                var batch = await store.ClaimOutboxAsync($"dispatcher-{worker}", 4, SampleIncidents.T0.AddSeconds(1), Lease);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var message in batch)
                {
                    claims.Add(message.Id);
                    await store.CompleteOutboxAsync(message.Id, SampleIncidents.T0.AddSeconds(2));
                }
            }
        }));

        // Assert
        Assert.Equal(60, claims.Count);
        Assert.Equal(60, claims.Distinct().Count());
        Assert.All(await Store.ListOutboxAsync(), m => Assert.Equal(OutboxStatus.Delivered, m.Status));
    }

    [Fact]
    public async Task ClaimOutbox_LeaseHeld_OthersGetNothingUntilItExpires()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), Changes("INC-2026-0001", "out-1"));
        var claimed = await Store.ClaimOutboxAsync("crashed", 10, SampleIncidents.T0, Lease);

        // Act
        var whileLeased = await Store.ClaimOutboxAsync("other", 10, SampleIncidents.T0 + Lease - TimeSpan.FromSeconds(1), Lease);
        var afterExpiry = await Store.ClaimOutboxAsync("other", 10, SampleIncidents.T0 + Lease, Lease);

        // Assert
        Assert.Equal(["out-1"], claimed.Select(m => m.Id));
        Assert.Empty(whileLeased);
        Assert.Equal(["out-1"], afterExpiry.Select(m => m.Id));
    }

    [Fact]
    public async Task ClaimOutbox_OldestFirstAndAtMostMax()
    {
        // Arrange
        var changes = new ChangeSet();
        changes.Outbox.AddRange(new[] { "c", "a", "b" }.Select(id => new OutboxMessage(id, "INC-2026-0001", "email", "{}", SampleIncidents.T0)));
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), changes);

        // Act
        var first = await Store.ClaimOutboxAsync("d", 2, SampleIncidents.T0, Lease);
        var second = await Store.ClaimOutboxAsync("d", 2, SampleIncidents.T0, Lease);

        // Assert
        Assert.Equal(["c", "a"], first.Select(m => m.Id));
        Assert.Equal(["b"], second.Select(m => m.Id));
    }

    [Fact]
    public async Task ClaimOutbox_MessageNotYetDue_IsNotClaimed()
    {
        // Arrange
        var changes = new ChangeSet();
        changes.Outbox.Add(new OutboxMessage("later", "INC-2026-0001", "email", "{}", SampleIncidents.T0) { NextAttemptAt = SampleIncidents.T0.AddMinutes(5) });
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), changes);

        // Act
        var early = await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0.AddMinutes(4), Lease);
        var due = await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0.AddMinutes(5), Lease);

        // Assert
        Assert.Empty(early);
        Assert.Single(due);
    }

    [Fact]
    public async Task CompleteOutbox_Delivered_IsKeptAndNeverClaimedAgain()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), Changes("INC-2026-0001", "out-1"));
        await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0, Lease);

        // Act
        await Store.CompleteOutboxAsync("out-1", SampleIncidents.T0.AddSeconds(3));

        // Assert
        Assert.Empty(await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0.AddHours(1), Lease));
        var message = Assert.Single(await Store.ListOutboxAsync("INC-2026-0001"));
        Assert.Equal(OutboxStatus.Delivered, message.Status);
    }

    [Fact]
    public async Task FailOutbox_Retry_CountsAttemptAndReschedules()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), Changes("INC-2026-0001", "out-1"));
        await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0, Lease);

        // Act
        await Store.FailOutboxAsync("out-1", "SMTP 451 try later", SampleIncidents.T0.AddMinutes(2), dead: false);

        // Assert
        var message = Assert.Single(await Store.ListOutboxAsync());
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("SMTP 451 try later", message.LastError);
        Assert.Equal(SampleIncidents.T0.AddMinutes(2), message.NextAttemptAt);
        Assert.Empty(await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0.AddMinutes(1), Lease));
        Assert.Single(await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0.AddMinutes(2), Lease));
    }

    [Fact]
    public async Task FailOutbox_Dead_IsKeptButNeverClaimed()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), Changes("INC-2026-0001", "out-1"));
        await Store.FailOutboxAsync("out-1", "first", SampleIncidents.T0, dead: false);

        // Act
        await Store.FailOutboxAsync("out-1", "550 mailbox unknown", SampleIncidents.T0, dead: true);

        // Assert
        var message = Assert.Single(await Store.ListOutboxAsync());
        Assert.Equal(OutboxStatus.Dead, message.Status);
        Assert.Equal(2, message.Attempts);
        Assert.Equal("550 mailbox unknown", message.LastError);
        Assert.Empty(await Store.ClaimOutboxAsync("d", 10, SampleIncidents.T0.AddDays(1), Lease));
    }

    [Fact]
    public async Task CompleteOutbox_UnknownMessage_ThrowsKeyNotFound()
    {
        // Act
        var complete = () => Store.CompleteOutboxAsync("nope", SampleIncidents.T0);

        // Assert
        await Assert.ThrowsAsync<KeyNotFoundException>(complete);
    }

    [Fact]
    public async Task NextIncidentId_FiftyParallelCallersOnTwoStores_AllUnique()
    {
        // Arrange
        var stores = new[] { Store, OpenStore() };

        // Act
        var ids = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => stores[i % 2].NextIncidentIdAsync(SampleIncidents.T0)));

        // Assert
        Assert.All(ids, id => Assert.Matches(IncidentIdPattern(), id));
        Assert.Equal(
            Enumerable.Range(1, 50).Select(n => $"INC-2026-{n:D4}"),
            ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NextIncidentId_NewYear_StartsAtOne()
    {
        // Arrange
        await Store.NextIncidentIdAsync(SampleIncidents.T0);
        await Store.NextIncidentIdAsync(SampleIncidents.T0);

        // Act
        var nextYear = await Store.NextIncidentIdAsync(SampleIncidents.T0.AddYears(1));
        var sameYear = await Store.NextIncidentIdAsync(SampleIncidents.T0);

        // Assert
        Assert.Equal("INC-2027-0001", nextYear);
        Assert.Equal("INC-2026-0003", sameYear);
    }

    [Fact]
    public async Task FindIncidentByMessageId_IdsFromIncidentAndChangeSet_ReturnIncident()
    {
        // Arrange
        var incident = SampleIncidents.Minimal("INC-2026-0001");
        incident.MessageIds.Add("<first@client.fr>");
        var changes = new ChangeSet();
        changes.MessageIds.Add("<reply@agentops>");
        await Store.SaveAsync(incident, changes);
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002"), Changes("INC-2026-0002", "o", "<first@client.fr>"));

        // Act
        var byIncident = await Store.FindIncidentByMessageIdAsync("<first@client.fr>");
        var byChanges = await Store.FindIncidentByMessageIdAsync("<reply@agentops>");
        var unknown = await Store.FindIncidentByMessageIdAsync("<unknown@x>");

        // Assert
        Assert.Equal("INC-2026-0001", byIncident);
        Assert.Equal("INC-2026-0001", byChanges);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task Checkpoints_SetAndSavedWithIncident_AreReadBack()
    {
        // Arrange
        await Store.SetCheckpointAsync("imap:uidvalidity", "42");
        await Store.SetCheckpointAsync("imap:uidvalidity", "43");

        // Act
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"), Changes("INC-2026-0001", "o", checkpoint: ("imap:uid", "7")));

        // Assert
        var store = OpenStore();
        Assert.Equal("43", await store.GetCheckpointAsync("imap:uidvalidity"));
        Assert.Equal("7", await store.GetCheckpointAsync("imap:uid"));
        Assert.Null(await store.GetCheckpointAsync("github:etag"));
    }

    [Fact]
    public async Task List_Default_OrdersByPriorityThenCreation()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001", SampleIncidents.T0, Priority.P3));
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002", SampleIncidents.T0.AddMinutes(2), Priority.P1));
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0003", SampleIncidents.T0.AddMinutes(1), Priority.P1));
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0004", SampleIncidents.T0.AddMinutes(-1), Priority.P2));

        // Act
        var listed = await Store.ListAsync(new IncidentQuery());

        // Assert
        Assert.Equal(["INC-2026-0003", "INC-2026-0002", "INC-2026-0004", "INC-2026-0001"], listed.Select(i => i.Id));
    }

    [Fact]
    public async Task List_Filters_SelectByStateTextCustomerAndDate()
    {
        // Arrange
        var resolved = SampleIncidents.Minimal("INC-2026-0001", SampleIncidents.T0, title: "Paiement BLOQUÉ 100%");
        resolved.State = IncidentState.Resolved;
        resolved.Customer = new Customer("Jean", "jean@client-existant.fr", "Client-Existant.fr");
        var open = SampleIncidents.Minimal("INC-2026-0002", SampleIncidents.T0.AddHours(1), title: "Login slow");
        open.Customer = new Customer("Ann", "ann@other.com", "other.com");
        await Store.SaveAsync(resolved);
        await Store.SaveAsync(open);

        // Act
        var openOnly = await Store.ListAsync(IncidentQuery.Open);
        var byText = await Store.ListAsync(new IncidentQuery { Text = "bloqué 100%" });
        var byId = await Store.ListAsync(new IncidentQuery { Text = "2026-0002" });
        var wildcardIsLiteral = await Store.ListAsync(new IncidentQuery { Text = "_" });
        var byCustomer = await Store.ListAsync(new IncidentQuery { CustomerDomain = "client-existant.FR" });
        var since = await Store.ListAsync(new IncidentQuery { CreatedSince = SampleIncidents.T0.AddMinutes(30) });

        // Assert
        Assert.Equal(["INC-2026-0002"], openOnly.Select(i => i.Id));
        Assert.Equal(["INC-2026-0001"], byText.Select(i => i.Id));
        Assert.Equal(["INC-2026-0002"], byId.Select(i => i.Id));
        Assert.Empty(wildcardIsLiteral);
        Assert.Equal(["INC-2026-0001"], byCustomer.Select(i => i.Id));
        Assert.Equal(["INC-2026-0002"], since.Select(i => i.Id));
    }

    [Fact]
    public async Task GetSenderHistory_MixedSendersStatesAndDates_CountsSenderAndListsRecentOpen()
    {
        // Arrange
        Customer From(string email) => new("Someone", email, "Client-Existant.fr");
        var old = SampleIncidents.Minimal("INC-2026-0001", SampleIncidents.T0.AddHours(-2), Priority.P2, "old");
        old.Customer = From("Jean@client-existant.fr");
        var resolved = SampleIncidents.Minimal("INC-2026-0002", SampleIncidents.T0, Priority.P1, "resolved");
        resolved.Customer = From("jean@client-existant.fr");
        resolved.State = IncidentState.Resolved;
        var recentP3 = SampleIncidents.Minimal("INC-2026-0003", SampleIncidents.T0.AddMinutes(5), Priority.P3, "recent p3");
        recentP3.Customer = From("ann@client-existant.fr");
        var recentP1 = SampleIncidents.Minimal("INC-2026-0004", SampleIncidents.T0.AddMinutes(10), Priority.P1, "recent p1");
        recentP1.Customer = From("jean@client-existant.fr");
        var otherDomain = SampleIncidents.Minimal("INC-2026-0005", SampleIncidents.T0.AddMinutes(10), Priority.P1, "other");
        otherDomain.Customer = new Customer("Bob", "jean@other.com", "other.com");
        foreach (var incident in new[] { old, resolved, recentP3, recentP1, otherDomain })
        {
            await Store.SaveAsync(incident);
        }

        IIncidentStore store = Store;
        var since = SampleIncidents.T0.AddMinutes(-1);

        // Act
        var history = await store.GetSenderHistoryAsync("client-existant.FR", "JEAN@client-existant.fr", since, 50);
        var limited = await store.GetSenderHistoryAsync("client-existant.fr", "jean@client-existant.fr", since, 1);
        var unknown = await store.GetSenderHistoryAsync("nobody.example", "x@nobody.example", since, 50);

        // Assert
        Assert.Equal(3, history.PreviousFromSender);
        Assert.Equal(["INC-2026-0004", "INC-2026-0003"], history.RecentOpen.Select(h => h.Id));
        Assert.Equal(new IncidentHeader("INC-2026-0004", "recent p1", IncidentState.New, SampleIncidents.T0.AddMinutes(10)), history.RecentOpen[0]);
        Assert.Equal(1, limited.PreviousFromSender);
        Assert.Equal(["INC-2026-0004"], limited.RecentOpen.Select(h => h.Id));
        Assert.Equal(0, unknown.PreviousFromSender);
        Assert.Empty(unknown.RecentOpen);
    }

    [Fact]
    public async Task Batch_KeptAndUndoneItems_CommitsOnlyKeptItemsAtOnce()
    {
        // Arrange
        var reader = OpenStore();
        await reader.InitializeAsync();
        IIncidentStore store = Store;
        var kept = SampleIncidents.Minimal("INC-2026-0001", title: "kept");
        var undone = SampleIncidents.Minimal("INC-2026-0002", title: "undone");
        var changes = new ChangeSet();
        changes.MessageIds.Add("kept@example.com");

        // Act
        string? seenInside;
        string? seenOutsideBeforeCommit;
        await using (var batch = store.BeginBatch())
        {
            Assert.NotNull(batch);
            await batch.BeginItemAsync();
            await store.SaveAsync(kept, changes);
            await batch.EndItemAsync(keep: true);
            await batch.BeginItemAsync();
            await store.NextIncidentIdAsync(SampleIncidents.T0);
            await store.SaveAsync(undone);
            await batch.EndItemAsync(keep: false);
            seenInside = await store.FindIncidentByMessageIdAsync("kept@example.com");
            seenOutsideBeforeCommit = (await reader.FindAsync("INC-2026-0001"))?.Title;
            await batch.CommitAsync();
        }

        // Assert
        Assert.Equal("INC-2026-0001", seenInside);
        Assert.Null(seenOutsideBeforeCommit);
        Assert.Equal("kept", (await reader.FindAsync("INC-2026-0001"))?.Title);
        Assert.Null(await reader.FindAsync("INC-2026-0002"));
        Assert.Equal("INC-2026-0001", await reader.FindIncidentByMessageIdAsync("kept@example.com"));
        Assert.Equal("INC-2026-0001", await reader.NextIncidentIdAsync(SampleIncidents.T0));
    }

    [Fact]
    public async Task Batch_DisposedWithoutCommit_WritesNothingAndStoreWorksAfter()
    {
        // Arrange
        IIncidentStore store = Store;

        // Act
        await using (var batch = store.BeginBatch())
        {
            await batch!.BeginItemAsync();
            await store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
            await batch.EndItemAsync(keep: true);
        }

        await store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002"));

        // Assert
        Assert.Null(await OpenStore().FindAsync("INC-2026-0001"));
        Assert.NotNull(await OpenStore().FindAsync("INC-2026-0002"));
    }

    [Fact]
    public async Task Batch_SecondBatchInSameFlow_Throws()
    {
        // Arrange
        IIncidentStore store = Store;
        await using var batch = store.BeginBatch();

        // Act
        var second = Record.Exception(() => store.BeginBatch());

        // Assert
        Assert.IsType<InvalidOperationException>(second);
    }

    [Fact]
    public async Task List_Paging_ReturnsPagesInOrderWithTimelines()
    {
        // Arrange
        for (var n = 1; n <= 5; n++)
        {
            var incident = SampleIncidents.Minimal($"INC-2026-{n:D4}", SampleIncidents.T0.AddMinutes(n));
            incident.Record(SampleIncidents.T0, "triage", "email", "signal", $"event of {n}");
            await Store.SaveAsync(incident);
        }

        // Act
        var page = await Store.ListAsync(new IncidentQuery { Offset = 1, Limit = 2 });
        var last = await Store.ListAsync(new IncidentQuery { Offset = 4, Limit = 2 });

        // Assert
        Assert.Equal(["INC-2026-0002", "INC-2026-0003"], page.Select(i => i.Id));
        Assert.Equal("event of 2", Assert.Single(page[0].Timeline).Message);
        Assert.Equal(1, page[0].Version);
        Assert.Equal(["INC-2026-0005"], last.Select(i => i.Id));
    }

    [Fact]
    public async Task Initialize_AgainOnMigratedDatabase_KeepsDataAndVersion()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
        await CloseStoresAsync();
        var before = await FingerprintAsync();

        // Act
        var reopened = OpenStore();
        await reopened.InitializeAsync();
        var found = await reopened.FindAsync("INC-2026-0001");
        await CloseStoresAsync();

        // Assert
        Assert.NotNull(found);
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task Initialize_NewerSchema_ThrowsStoreExceptionAndWritesNothing()
    {
        // Arrange
        await Store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));
        await CloseStoresAsync();
        await ExecuteRawAsync("INSERT INTO schema_version (version, description, applied_at) VALUES (7, 'from the future', 0)");
        var before = await FingerprintAsync();
        var store = OpenStore();

        // Act
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.InitializeAsync());
        await Assert.ThrowsAsync<StoreException>(() => store.SaveAsync(SampleIncidents.Minimal("INC-2026-0002")));
        await CloseStoresAsync();

        // Assert
        Assert.Contains(
            $"database schema version 7 is newer than this agentops (knows {SqlIncidentStore.SchemaVersion}): upgrade agentops",
            ex.Message,
            StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task Store_WriterKilledMidLoop_DatabaseConsistentAndOutboxIntact()
    {
        // Arrange
        await CloseStoresAsync();
        var commits = new ConcurrentBag<string>();
        var errors = new ConcurrentQueue<string>();
        var writers = new[] { StartWriter("w1", commits, errors), StartWriter("w2", commits, errors) };

        // Act
        var allAliveAtKill = false;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (commits.Count < 200 && writers.All(w => !w.HasExited) && deadline.Elapsed < TimeSpan.FromSeconds(180))
            {
                await Task.Delay(20);
            }

            allAliveAtKill = writers.All(w => !w.HasExited);
        }
        finally
        {
            foreach (var writer in writers)
            {
                if (!writer.HasExited)
                {
                    writer.Kill(entireProcessTree: true);
                }

                await writer.WaitForExitAsync();
            }
        }

        // Assert
        Assert.True(allAliveAtKill && commits.Count >= 200, $"a writer stopped on its own after {commits.Count} commits: {string.Join(Environment.NewLine, errors)}");
        var store = OpenStore();
        await store.InitializeAsync();
        await AssertIntegrityAsync();
        var incidents = await store.ListAsync(new IncidentQuery { Limit = 100_000 });
        Assert.True(incidents.Count >= commits.Count(c => c.EndsWith(" v1", StringComparison.Ordinal)), "an incident the writer reported is missing");
        var outbox = (await store.ListOutboxAsync()).ToLookup(m => m.IncidentId);
        foreach (var incident in incidents)
        {
            Assert.Equal(Enumerable.Range(1, incident.Timeline.Count).Select(n => (long)n), incident.Timeline.Select(e => e.Sequence));
            Assert.Equal(incident.Timeline.Count, incident.Version);
            Assert.Equal(incident.Timeline.Select(e => e.Data["outbox"]).Order(), outbox[incident.Id].Select(m => m.Id).Order());
        }

        Assert.True(incidents.Sum(i => i.Timeline.Count) >= commits.Count, "a commit the writer reported is missing");
        Assert.Equal(incidents.Sum(i => i.Timeline.Count), outbox.Sum(g => g.Count()));
        var survivor = incidents[0];
        survivor.Record(SampleIncidents.T0, "test", "cli", "note", "after the crash");
        await store.SaveAsync(survivor, Changes(survivor.Id, "after-crash"));
        var newId = await store.NextIncidentIdAsync(TimeProvider.System.GetUtcNow());
        Assert.DoesNotContain(incidents, i => i.Id == newId);
    }

    /// <summary>Creates the empty database of one test.</summary>
    protected abstract Task CreateDatabaseAsync();

    /// <summary>A new store instance on this test's database (as another process would open it).</summary>
    protected abstract SqlIncidentStore CreateStore(TimeProvider clock);

    /// <summary>Runs SQL on this test's database directly.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    /// <summary>Something that changes whenever anything is written to this test's database.</summary>
    protected abstract Task<string> FingerprintAsync();

    /// <summary>Asserts the physical integrity of the database (pages, indexes) where the database can check it.</summary>
    protected virtual Task AssertIntegrityAsync() => Task.CompletedTask;

    protected virtual Task DeleteDatabaseAsync() => Task.CompletedTask;

    protected SqlIncidentStore OpenStore()
    {
        var store = CreateStore(Clock);
        _stores.Add(store);
        return store;
    }

    /// <summary>Disposes every store opened so far, so that nothing holds the database.</summary>
    protected async Task CloseStoresAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _stores.Clear();
    }

    private static ChangeSet Changes(string incidentId, string outboxId, string? messageId = null, (string Key, string Value)? checkpoint = null)
    {
        var changes = new ChangeSet();
        changes.Outbox.Add(new OutboxMessage(outboxId, incidentId, "email", "{}", SampleIncidents.T0));
        if (messageId is not null)
        {
            changes.MessageIds.Add(messageId);
        }

        if (checkpoint is { } pair)
        {
            changes.Checkpoints[pair.Key] = pair.Value;
        }

        return changes;
    }

    private Process StartWriter(string name, ConcurrentBag<string> commits, ConcurrentQueue<string> errors)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AgentOps.StoreCrashWriter.dll"));
        foreach (var argument in WriterArguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(name);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("commit ", StringComparison.Ordinal) == true)
            {
                commits.Add(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    [GeneratedRegex(@"^INC-2026-\d{4}$")]
    private static partial Regex IncidentIdPattern();
}
