using System.Text;
using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class DropFolderSourceTests : IDisposable
{
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), $"agentops-inbox-{Guid.NewGuid():N}");
    private readonly IntakeHarness _harness = new();

    public DropFolderSourceTests() => Directory.CreateDirectory(_inbox);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_inbox, recursive: true);
    }

    private string Drop(string name, byte[] bytes)
    {
        var path = Path.Combine(_inbox, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string[] Files(string folder) =>
        Directory.Exists(Path.Combine(_inbox, folder)) ? Directory.GetFiles(Path.Combine(_inbox, folder)).Select(f => Path.GetFileName(f)).Order().ToArray() : [];

    [Fact]
    public async Task ProcessOnceAsync_ValidMail_CreatesIncidentAndMovesFileToProcessed()
    {
        // Arrange
        Drop("seed.eml", TestMail.Seed());

        // Act
        var outcomes = await _harness.DropFolder().ProcessOnceAsync(_inbox);

        // Assert
        var outcome = Assert.Single(outcomes);
        Assert.Equal(IntakeStatus.Created, outcome.Status);
        Assert.Equal("file:seed.eml", outcome.Source);
        Assert.Equal(["seed.eml"], Files("processed"));
        Assert.Empty(Directory.GetFiles(_inbox));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_inbox, ".claimed")));
        Assert.Equal(1, _harness.Store.Count);
    }

    [Fact]
    public async Task ProcessOnceAsync_SameMailTwice_SecondIsDuplicateAndBothAreKept()
    {
        // Arrange
        Drop("a.eml", TestMail.Seed());
        Drop("b.eml", TestMail.Seed());

        // Act
        var outcomes = await _harness.DropFolder().ProcessOnceAsync(_inbox);

        // Assert
        Assert.Equal([IntakeStatus.Created, IntakeStatus.Duplicate], outcomes.Select(o => o.Status));
        Assert.Equal(["a.eml", "b.eml"], Files("processed"));
        Assert.Equal(1, _harness.Store.Count);
    }

    [Fact]
    public async Task ProcessOnceAsync_BadInputs_AreQuarantinedWithReasonsAndTheRestIsProcessed()
    {
        // Arrange
        var garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        Drop("01-empty.eml", []);
        Drop("02-garbage.eml", garbage);
        Drop("03-no-from.eml", TestMail.Utf8("To: support@agence.fr\r\nSubject: anonymous\r\n\r\nhello"));
        Drop("04-header-bomb.eml", TestMail.Utf8("From: a@client.fr\r\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"X-H{i}: v\r\n")) + "\r\nbody"));
        Drop("05-huge-header.eml", TestMail.Utf8($"From: a@client.fr\r\nX-Huge: {new string('z', 600_000)}\r\n\r\nbody"));
        Drop("06-malformed-mime.eml", TestMail.Utf8("Content-Type: multipart/mixed; boundary=\"never-closed\"\r\nSubject: broken\r\n\r\n--never-closed\r\nContent-Type: text/plain\r\n\r\nhalf a message"));
        Drop("07-classifier-throws.eml", TestMail.Simple("boom@client", "boom", "MAKE-THE-CLASSIFIER-THROW"));
        Drop("08-good.eml", TestMail.Seed());

        // Act
        var outcomes = await _harness.DropFolder().ProcessOnceAsync(_inbox);

        // Assert
        Assert.Equal(8, outcomes.Count);
        Assert.Equal(7, outcomes.Count(o => o.Status == IntakeStatus.Quarantined));
        Assert.Equal(["08-good.eml"], Files("processed"));
        var quarantined = Files("quarantine");
        Assert.Equal(14, quarantined.Length);
        foreach (var name in quarantined.Where(n => n.EndsWith(".eml", StringComparison.Ordinal)))
        {
            var reason = File.ReadAllText(Path.Combine(_inbox, "quarantine", name + ".reason"));
            Assert.False(string.IsNullOrWhiteSpace(reason), name);
        }

        Assert.Contains("empty", File.ReadAllText(Path.Combine(_inbox, "quarantine", "01-empty.eml.reason")), StringComparison.Ordinal);
        Assert.Contains("no usable sender", File.ReadAllText(Path.Combine(_inbox, "quarantine", "03-no-from.eml.reason")), StringComparison.Ordinal);
        Assert.Contains("Header bomb", File.ReadAllText(Path.Combine(_inbox, "quarantine", "04-header-bomb.eml.reason")), StringComparison.Ordinal);
        Assert.Contains("Header bomb", File.ReadAllText(Path.Combine(_inbox, "quarantine", "05-huge-header.eml.reason")), StringComparison.Ordinal);
        Assert.Contains("classifier exploded", File.ReadAllText(Path.Combine(_inbox, "quarantine", "07-classifier-throws.eml.reason")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessOnceAsync_FiftyMegabyteLog_IsCappedAsEvidenceNotLoadedWhole()
    {
        // Arrange
        var line = Encoding.UTF8.GetBytes("2026-11-23 10:02:01 ERROR payment-gateway: Stripe API key expired (req 42)\n");
        var log = new byte[50 * 1024 * 1024];
        for (var i = 0; i < log.Length; i++)
        {
            log[i] = line[i % line.Length];
        }

        Drop("big.eml", TestMail.WithAttachment("big@client", "payment.log", "text/plain", log));
        log = [];

        // Act
        var outcome = Assert.Single(await _harness.DropFolder().ProcessOnceAsync(_inbox));

        // Assert
        Assert.Equal(IntakeStatus.Created, outcome.Status);
        var incident = await _harness.Store.FindAsync(outcome.IncidentId!);
        var evidence = Assert.Single(incident!.Timeline, e => e.Kind == "evidence");
        Assert.Equal("true", evidence.Data["truncated"]);
        Assert.True(evidence.Data["content"].Length <= _harness.MailOptions.MaxAttachmentBytes);
        Assert.StartsWith("2026-11-23 10:02:01 ERROR payment-gateway", evidence.Data["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchAsync_FileDroppedWhileWatching_IsProcessed()
    {
        // Arrange
        var source = _harness.DropFolder();
        var seen = new TaskCompletionSource<IntakeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var watch = source.WatchAsync(_inbox, (o, _) => { seen.TrySetResult(o); return Task.CompletedTask; }, cts.Token);

        // Act
        File.WriteAllBytes(Path.Combine(_inbox, "late.tmp"), TestMail.Seed());
        File.Move(Path.Combine(_inbox, "late.tmp"), Path.Combine(_inbox, "late.eml"));
        var outcome = await seen.Task.WaitAsync(cts.Token);
        await cts.CancelAsync();
        await watch;

        // Assert
        Assert.Equal(IntakeStatus.Created, outcome.Status);
        Assert.Equal(["late.eml"], Files("processed"));
    }

    [Fact]
    public async Task ProcessOnceAsync_StoreDown_LeavesFileInInboxAndProcessesItNextPass()
    {
        // Arrange
        Drop("seed.eml", TestMail.Seed());
        _harness.Store.FailNextSave = new AgentOps.Core.Persistence.StoreException("database is locked");
        var source = _harness.DropFolder();

        // Act
        var first = Assert.Single(await source.ProcessOnceAsync(_inbox));
        var inboxBetweenPasses = Directory.GetFiles(_inbox).Select(f => Path.GetFileName(f)).ToArray();
        var second = Assert.Single(await source.ProcessOnceAsync(_inbox));

        // Assert
        Assert.True(first.Retryable);
        Assert.Equal(["seed.eml"], inboxBetweenPasses);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_inbox, ".claimed")));
        Assert.Equal(IntakeStatus.Created, second.Status);
        Assert.Equal(["seed.eml"], Files("processed"));
        Assert.Empty(Files("quarantine"));
    }

    [Fact]
    public async Task WatchAsync_StoreDown_KeepsTheFileClaimedAndProcessesItAtTheNextPass()
    {
        // Arrange
        Drop("seed.eml", TestMail.Seed());
        var harness = new IntakeHarness(new MailOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        harness.Store.FailNextSave = new AgentOps.Core.Persistence.StoreException("database is locked");
        var source = harness.DropFolder();
        var seen = new List<(IntakeOutcome Outcome, string[] Inbox, string[] Claimed)>();
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Act
        var watch = source.WatchAsync(_inbox, (o, _) =>
        {
            seen.Add((o, Files("."), Files(Path.Combine(".claimed", source.NodeId))));
            if (o.Status == IntakeStatus.Created)
            {
                created.TrySetResult();
            }

            return Task.CompletedTask;
        }, cts.Token);
        await created.Task.WaitAsync(cts.Token);
        await cts.CancelAsync();
        await watch;

        // Assert
        Assert.Equal(2, seen.Count);
        Assert.True(seen[0].Outcome.Retryable);
        Assert.DoesNotContain("seed.eml", seen[0].Inbox);
        Assert.Equal([".lease", "seed.eml"], seen[0].Claimed);
        Assert.Equal(IntakeStatus.Created, seen[1].Outcome.Status);
        Assert.Equal(["seed.eml"], Files("processed"));
    }

    [Fact]
    public async Task ProcessOnceAsync_BatchesOnSqlite_KeepsEachGoodMailQuarantinesEachBadOneAndCommitsAll()
    {
        // Arrange
        var database = Path.Combine(_inbox, "db", "agentops.db");
        await using var store = SqlIncidentStore.ForSqlite(database);
        var harness = new IntakeHarness(new MailOptions { BatchSize = 2 }, store: store);
        Drop("1-seed.eml", TestMail.Seed());
        Drop("2-garbage.eml", [0, 1, 2, 0xFF, 0xFE]);
        Drop("3-duplicate.eml", TestMail.Seed());
        Drop("4-reply.eml", TestMail.Simple("reply@client-existant.fr", "Re: paiements", "Toujours bloqué.", extraHeaders: "In-Reply-To: <seed-004@client-existant.fr>\r\n"));
        Drop("5-classifier-throws.eml", TestMail.Simple("boom@client-existant.fr", "boom", "MAKE-THE-CLASSIFIER-THROW"));
        Drop("6-other.eml", TestMail.Simple("other@client-existant.fr", "Question", "Comment exporter mes factures ?", from: "compta@autre.fr"));

        // Act
        var outcomes = await harness.DropFolder().ProcessOnceAsync(_inbox);

        // Assert
        Assert.Equal(
            [IntakeStatus.Created, IntakeStatus.Quarantined, IntakeStatus.Duplicate, IntakeStatus.Updated, IntakeStatus.Quarantined, IntakeStatus.Created],
            outcomes.Select(o => o.Status));
        Assert.Equal(["1-seed.eml", "3-duplicate.eml", "4-reply.eml", "6-other.eml"], Files("processed"));
        Assert.Equal(["2-garbage.eml", "2-garbage.eml.reason", "5-classifier-throws.eml", "5-classifier-throws.eml.reason"], Files("quarantine"));
        await using var reader = SqlIncidentStore.ForSqlite(database);
        var seed = await reader.FindAsync(outcomes[0].IncidentId!);
        Assert.Equal(2, seed!.Timeline.Count(e => e.Kind == "signal"));
        Assert.Equal(outcomes[0].IncidentId, await reader.FindIncidentByMessageIdAsync("reply@client-existant.fr"));
        Assert.Null(await reader.FindIncidentByMessageIdAsync("boom@client-existant.fr"));
        Assert.NotNull(await reader.FindAsync(outcomes[5].IncidentId!));
        Assert.Equal(2, (await reader.ListAsync(new IncidentQuery())).Count);
    }

    [Fact]
    public async Task ProcessOnceAsync_CancelledInsideBatch_CommitsNothingAndPutsEveryFileBackInTheInbox()
    {
        // Arrange
        var database = Path.Combine(_inbox, "db", "agentops.db");
        await using var store = SqlIncidentStore.ForSqlite(database);
        var harness = new IntakeHarness(store: store);
        using var cts = new CancellationTokenSource();
        harness.Classifier.ClassifyAsync(Arg.Is<TriageInput>(i => i.Body.Contains("STOP-HERE", StringComparison.Ordinal)), Arg.Any<CancellationToken>())
            .Returns<Task<TriageResult>>(_ =>
            {
                cts.Cancel();
                throw new OperationCanceledException(cts.Token);
            });
        Drop("1-seed.eml", TestMail.Seed());
        Drop("2-stop.eml", TestMail.Simple("stop@client-existant.fr", "stop", "STOP-HERE"));

        // Act
        var cancelled = await Record.ExceptionAsync(() => harness.DropFolder().ProcessOnceAsync(_inbox, cts.Token));

        // Assert
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.Equal(["1-seed.eml", "2-stop.eml"], Directory.GetFiles(_inbox).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_inbox, ".claimed")));
        await using var reader = SqlIncidentStore.ForSqlite(database);
        Assert.Null(await reader.FindIncidentByMessageIdAsync("seed-004@client-existant.fr"));
        Assert.Empty(await reader.ListAsync(new IncidentQuery()));
    }

    [Fact]
    public void DefaultInbox_RelativePathWithoutHost_IsUnderTheCurrentDirectory()
    {
        // Act
        var inbox = _harness.DropFolder().DefaultInbox;

        // Assert
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "inbox"), inbox);
    }

    [Fact]
    public async Task ProcessOnceAsync_RelativePathsWithAHost_AreUnderItsContentRootNotTheCurrentDirectory()
    {
        // Arrange
        var environment = Substitute.For<IHostEnvironment>();
        environment.ContentRootPath.Returns(_inbox);
        var harness = new IntakeHarness(new MailOptions { InboxPath = "mail/in" });
        var source = new DropFolderSource(harness.Service, Options.Create(harness.MailOptions), NullLogger<DropFolderSource>.Instance, harness.Time, environment);
        Directory.CreateDirectory(Path.Combine(_inbox, "mail", "in"));
        Directory.CreateDirectory(Path.Combine(_inbox, "other"));
        Drop(Path.Combine("mail", "in", "a.eml"), TestMail.Seed());
        Drop(Path.Combine("other", "b.eml"), TestMail.Seed("b@client-existant.fr"));

        // Act
        var fromDefault = Assert.Single(await source.ProcessOnceAsync());
        var fromRelative = Assert.Single(await source.ProcessOnceAsync("other"));

        // Assert
        Assert.Equal(Path.Combine(_inbox, "mail", "in"), source.DefaultInbox);
        Assert.Equal("file:a.eml", fromDefault.Source);
        Assert.Equal("file:b.eml", fromRelative.Source);
        Assert.True(File.Exists(Path.Combine(_inbox, "mail", "in", "processed", "a.eml")));
        Assert.True(File.Exists(Path.Combine(_inbox, "other", "processed", "b.eml")));
    }

    [Fact]
    public async Task ProcessOnceAsync_NameAlreadyInProcessedAndQuarantine_KeepsBothUnderAFreeName()
    {
        // Arrange
        Directory.CreateDirectory(Path.Combine(_inbox, "processed"));
        Directory.CreateDirectory(Path.Combine(_inbox, "quarantine"));
        File.WriteAllText(Path.Combine(_inbox, "processed", "a.eml"), "earlier");
        File.WriteAllText(Path.Combine(_inbox, "quarantine", "b.eml"), "earlier");
        File.WriteAllText(Path.Combine(_inbox, "quarantine", "b-1.eml.reason"), "an orphan reason");
        Drop("a.eml", TestMail.Seed());
        Drop("b.eml", []);

        // Act
        var outcomes = await _harness.DropFolder().ProcessOnceAsync(_inbox);

        // Assert
        Assert.Equal([IntakeStatus.Created, IntakeStatus.Quarantined], outcomes.Select(o => o.Status));
        Assert.Equal(["a-1.eml", "a.eml"], Files("processed"));
        Assert.Equal("earlier", File.ReadAllText(Path.Combine(_inbox, "processed", "a.eml")));
        Assert.Equal(["b-1.eml.reason", "b-2.eml", "b-2.eml.reason", "b.eml"], Files("quarantine"));
        Assert.Contains("empty", File.ReadAllText(Path.Combine(_inbox, "quarantine", "b-2.eml.reason")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessOnceAsync_MissingFolder_ThrowsWithThePath()
    {
        // Act
        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => _harness.DropFolder().ProcessOnceAsync(Path.Combine(_inbox, "nope")));

        // Assert
        Assert.Contains("nope", ex.Message, StringComparison.Ordinal);
    }
}
