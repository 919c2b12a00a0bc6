using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;
using NSubstitute;

namespace AgentOps.Infrastructure.Tests.Mail;

/// <summary>
/// <see cref="DropFolderSource"/> on an inbox shared by several nodes: each harness is one node (its own intake service,
/// clock and store connection) over the same folder and the same SQLite database, as two processes would be.
/// </summary>
public sealed class DropFolderSourceSharedInboxTests : IAsyncLifetime
{
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"agentops-shared-inbox-{Guid.NewGuid():N}");
    private readonly List<SqlIncidentStore> _stores = [];

    private string Inbox => Path.Combine(_root, "inbox");

    private string Database => Path.Combine(_root, "db", "agentops.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Inbox);
        await Store().InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private SqlIncidentStore Store()
    {
        var store = SqlIncidentStore.ForSqlite(Database);
        _stores.Add(store);
        return store;
    }

    private IntakeHarness Node(string? nodeId = null, int batchSize = 64) =>
        new(new MailOptions { NodeId = nodeId, BatchSize = batchSize, ClaimTimeout = ClaimTimeout }, store: Store());

    /// <summary>
    /// Drops <c>0-hang.eml</c> and starts a pass of node <paramref name="nodeId"/>, whose classifier blocks on that mail until
    /// <c>Resume</c> completes: once this returns, the node has claimed its batch and committed nothing. Its clock never
    /// moves unless the test moves it (a crashed node renews no lease).
    /// </summary>
    private async Task<(IntakeHarness Node, Task<IReadOnlyList<IntakeOutcome>> Pass, TaskCompletionSource Resume)> StartStalledNodeAsync(string nodeId)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Drop("0-hang.eml", TestMail.Simple("hang@client0.fr", "Bloqué", "HANG-HERE", from: "a@client0.fr"));
        var node = Node(nodeId);
        node.Classifier.ClassifyAsync(Arg.Is<TriageInput>(i => i.Body.Contains("HANG-HERE", StringComparison.Ordinal)), Arg.Any<CancellationToken>())
            .Returns(async _ =>
            {
                reached.TrySetResult();
                await resume.Task;
                return new TriageResult(Priority.P3, "question", 0.5);
            });
        var pass = node.DropFolder().ProcessOnceAsync(Inbox);
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return (node, pass, resume);
    }

    private static byte[] Mail(int i) =>
        TestMail.Simple($"m{i}@client{i}.fr", $"Question {i}", $"Ticket {i}: how do we export report {i}?", from: $"user{i}@client{i}.fr");

    private void Drop(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(Inbox, name), bytes);

    private string[] Names(string folder, string pattern = "*.eml") =>
        Directory.Exists(Path.Combine(Inbox, folder))
            ? [.. Directory.GetFiles(Path.Combine(Inbox, folder), pattern).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)]
            : [];

    private string[] Claimed() =>
        Directory.Exists(Path.Combine(Inbox, ".claimed"))
            ? [.. Directory.GetFiles(Path.Combine(Inbox, ".claimed"), "*.eml", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Inbox, f)).Order(StringComparer.Ordinal)]
            : [];

    private async Task<int> IncidentCountAsync()
    {
        await using var reader = SqlIncidentStore.ForSqlite(Database);
        return (await reader.ListAsync(new IncidentQuery { Limit = 10_000 })).Count;
    }

    [Fact]
    public async Task ProcessOnceAsync_TwoNodesInParallelOnHundredsOfFiles_EachFileSettledOnceAndEachMailOneIncident()
    {
        // Arrange
        const int good = 270;
        const int bad = 30;
        var expected = new List<string>();
        for (var i = 0; i < good; i++)
        {
            Drop($"{i:D4}-good.eml", Mail(i));
            expected.Add($"{i:D4}-good.eml");
        }

        for (var i = 0; i < bad; i++)
        {
            Drop($"{i * 9:D4}-bad.eml", i % 2 == 0 ? [] : [0, 1, 2, 0xFF, 0xFE]);
            expected.Add($"{i * 9:D4}-bad.eml");
        }

        var nodes = new[] { Node(batchSize: 8).DropFolder(), Node(batchSize: 8).DropFolder() };
        var final = new List<IntakeOutcome>();

        // Act: passes until nothing is left (a pass may leave a mail claimed when the store is busy, as a watching node would retry it).
        for (var round = 0; round < 20 && (Names(".").Length > 0 || Claimed().Length > 0); round++)
        {
            var passes = await Task.WhenAll(nodes.Select(node => Task.Run(() => node.ProcessOnceAsync(Inbox))));
            final.AddRange(passes.SelectMany(p => p).Where(o => !o.Retryable));
        }

        // Assert
        Assert.Empty(Names("."));
        Assert.Empty(Claimed());
        Assert.Equal(expected.Order(StringComparer.Ordinal), final.Select(o => o.Source["file:".Length..]).Order(StringComparer.Ordinal));
        var processed = Names("processed");
        var quarantined = Names("quarantine");
        Assert.Equal(good, processed.Length);
        Assert.All(processed, name => Assert.EndsWith("-good.eml", name, StringComparison.Ordinal));
        Assert.Equal(bad, quarantined.Length);
        Assert.All(quarantined, name => Assert.EndsWith("-bad.eml", name, StringComparison.Ordinal));
        Assert.Equal(quarantined.Select(n => n + ".reason"), Names("quarantine", "*.reason"));
        Assert.Equal(expected.Order(StringComparer.Ordinal), processed.Concat(quarantined).Order(StringComparer.Ordinal));
        Assert.Equal(good, await IncidentCountAsync());
        await using var reader = SqlIncidentStore.ForSqlite(Database);
        var owners = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < good; i++)
        {
            Assert.True(owners.Add(Assert.IsType<string>(await reader.FindIncidentByMessageIdAsync($"m{i}@client{i}.fr"))));
        }
    }

    [Fact]
    public async Task ProcessOnceAsync_NodeCrashedBetweenClaimAndCommit_SameNodeRestartedProcessesItsClaimsAtOnce()
    {
        // Arrange: node-a claims the batch and stops before committing (it "crashes").
        for (var i = 1; i <= 5; i++)
        {
            Drop($"{i}.eml", Mail(i));
        }

        var (_, crashedPass, resume) = await StartStalledNodeAsync("node-a");
        var claimedAtCrash = Claimed();
        var committedAtCrash = await IncidentCountAsync();

        // Act: the same node starts again (a new process, the same Mail:NodeId), with no time passed.
        var restarted = await Node("node-a").DropFolder().ProcessOnceAsync(Inbox);

        // Assert
        Assert.Equal(6, claimedAtCrash.Length);
        Assert.All(claimedAtCrash, path => Assert.StartsWith(Path.Combine(".claimed", "node-a"), path, StringComparison.Ordinal));
        Assert.Equal(0, committedAtCrash);
        Assert.Equal(6, restarted.Count(o => o.Status == IntakeStatus.Created));
        Assert.Equal(["0-hang.eml", "1.eml", "2.eml", "3.eml", "4.eml", "5.eml"], Names("processed"));
        Assert.Empty(Claimed());
        Assert.Equal(6, await IncidentCountAsync());

        // The old run, had it been only stalled, finds what it had read a duplicate and the rest gone: nothing twice.
        resume.SetResult();
        var late = await crashedPass;
        Assert.NotEmpty(late);
        Assert.All(late, o => Assert.Equal(IntakeStatus.Duplicate, o.Status));
        Assert.Equal(["0-hang.eml", "1.eml", "2.eml", "3.eml", "4.eml", "5.eml"], Names("processed"));
        Assert.Empty(Names("quarantine", "*"));
        Assert.Equal(6, await IncidentCountAsync());
    }

    [Fact]
    public async Task ProcessOnceAsync_FreshClaimsOfAnotherLiveNode_AreLeftAloneAndTheRestIsProcessed()
    {
        // Arrange
        Drop("1.eml", Mail(1));
        var (busy, busyPass, resume) = await StartStalledNodeAsync("node-a");
        Drop("2.eml", Mail(2));
        var other = Node("node-b");
        other.Time.Advance(ClaimTimeout - TimeSpan.FromSeconds(1));

        // Act
        var outcomes = await other.DropFolder().ProcessOnceAsync(Inbox);

        // Assert
        Assert.Equal(["file:2.eml"], outcomes.Select(o => o.Source));
        Assert.Equal([Path.Combine(".claimed", "node-a", "0-hang.eml"), Path.Combine(".claimed", "node-a", "1.eml")], Claimed());
        Assert.Equal(["2.eml"], Names("processed"));
        resume.SetResult();
        var finished = await busyPass;
        Assert.Equal(["file:0-hang.eml", "file:1.eml"], finished.Select(o => o.Source));
        Assert.Equal(["0-hang.eml", "1.eml", "2.eml"], Names("processed"));
        Assert.Equal(3, await IncidentCountAsync());
    }

    [Fact]
    public async Task ProcessOnceAsync_LiveNodeBusierThanTheClaimTimeout_KeepsItsClaimsThroughItsHeartbeat()
    {
        // Arrange
        var (busy, busyPass, resume) = await StartStalledNodeAsync("node-a");
        var other = Node("node-b");

        // Act: node-a's lease is renewed a quarter of the timeout later; node-b looks just after the first lease would have run out.
        busy.Time.Advance(ClaimTimeout / 4);
        other.Time.Advance(ClaimTimeout + TimeSpan.FromSeconds(1));
        var outcomes = await other.DropFolder().ProcessOnceAsync(Inbox);

        // Assert
        Assert.Empty(outcomes);
        Assert.Equal([Path.Combine(".claimed", "node-a", "0-hang.eml")], Claimed());
        resume.SetResult();
        Assert.Equal(IntakeStatus.Created, Assert.Single(await busyPass).Status);
        Assert.Equal(["0-hang.eml"], Names("processed"));
    }

    [Fact]
    public async Task ProcessOnceAsync_NodeCrashedBetweenClaimAndCommit_AnotherNodeTakesItsClaimsOverOnceTheLeaseRunsOut()
    {
        // Arrange
        Drop("0-hang-bad.eml", []);
        for (var i = 1; i <= 3; i++)
        {
            Drop($"{i}.eml", Mail(i));
        }

        var (_, crashedPass, resume) = await StartStalledNodeAsync("node-a");
        var other = Node("node-b");
        other.Time.Advance(ClaimTimeout + TimeSpan.FromSeconds(1));

        // Act
        var outcomes = await other.DropFolder().ProcessOnceAsync(Inbox);

        // Assert
        Assert.Equal(5, outcomes.Count);
        Assert.Equal(["0-hang.eml", "1.eml", "2.eml", "3.eml"], Names("processed"));
        Assert.Equal(["0-hang-bad.eml"], Names("quarantine"));
        Assert.Equal(["0-hang-bad.eml.reason"], Names("quarantine", "*.reason"));
        Assert.Empty(Claimed());
        Assert.False(Directory.Exists(Path.Combine(Inbox, ".claimed", "node-a")));
        Assert.Equal(4, await IncidentCountAsync());

        // The crashed node, had it been only stalled, moves nothing twice and leaves no stray reason file.
        resume.SetResult();
        await crashedPass;
        Assert.Equal(["0-hang.eml", "1.eml", "2.eml", "3.eml"], Names("processed"));
        Assert.Equal(["0-hang-bad.eml"], Names("quarantine"));
        Assert.Equal(["0-hang-bad.eml.reason"], Names("quarantine", "*.reason"));
        Assert.Equal(4, await IncidentCountAsync());
    }
}
