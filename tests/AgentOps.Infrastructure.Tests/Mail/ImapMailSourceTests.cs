using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;
using MailKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class ImapMailSourceTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>
{
    private readonly IntakeHarness _harness = new(intake: new IntakeOptions { BurstWindow = TimeSpan.Zero });

    private ImapMailSource Source(ImapOptions options) =>
        new(_harness.Service, _harness.Store, Options.Create(options), Options.Create(_harness.MailOptions), TimeProvider.System, NullLogger<ImapMailSource>.Instance);

    private static string NewFolder() => $"Support{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task PollOnceAsync_NewMail_CreatesIncidentThenFlagsTheMessage()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await dovecot.AppendAsync(folder, TestMail.Seed());
        var options = dovecot.Options(folder);
        var source = Source(options);

        // Act
        var outcome = Assert.Single(await source.PollOnceAsync());

        // Assert
        Assert.Equal(IntakeStatus.Created, outcome.Status);
        Assert.Equal($"imap:{folder}/1", outcome.Source);
        var message = Assert.Single(await dovecot.FlagsAsync(folder));
        Assert.True(message.Flags!.Value.HasFlag(MessageFlags.Seen));
        Assert.Contains(options.ProcessedKeyword, message.Keywords);
        Assert.EndsWith(":1", await _harness.Store.GetCheckpointAsync(source.CheckpointKey), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnceAsync_AfterRestart_ResumesFromCheckpointWithoutReprocessing()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await dovecot.AppendAsync(folder, TestMail.Simple("r1@client", "first", "one"));
        await dovecot.AppendAsync(folder, TestMail.Simple("r2@client", "second", "two"));
        var options = dovecot.Options(folder);
        Assert.Equal(2, (await Source(options).PollOnceAsync()).Count);
        await ClearKeywordsAsync(folder, options.ProcessedKeyword);
        await dovecot.AppendAsync(folder, TestMail.Simple("r3@client", "third", "three"));
        var saves = _harness.Store.SaveCount;

        // Act
        var outcomes = await Source(options).PollOnceAsync();

        // Assert
        var outcome = Assert.Single(outcomes);
        Assert.Equal("r3@client", outcome.MessageId);
        Assert.Equal(IntakeStatus.Created, outcome.Status);
        Assert.Equal(saves + 1, _harness.Store.SaveCount);
    }

    [Fact]
    public async Task PollOnceAsync_UidValidityChanged_RescansAndIgnoresMessagesAlreadyProcessed()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await dovecot.AppendAsync(folder, TestMail.Simple("v1@client", "first", "one"));
        await dovecot.AppendAsync(folder, TestMail.Simple("v2@client", "second", "two"));
        var options = dovecot.Options(folder);
        var source = Source(options);
        await source.PollOnceAsync();
        var before = await _harness.Store.GetCheckpointAsync(source.CheckpointKey);
        await RecreateFolderAsync(folder, before!.Split(':')[0]);
        await dovecot.AppendAsync(folder, TestMail.Simple("v1@client", "first", "one"));
        await dovecot.AppendAsync(folder, TestMail.Simple("v2@client", "second", "two"));
        await dovecot.AppendAsync(folder, TestMail.Simple("v3@client", "third", "three"));

        // Act
        var outcomes = await source.PollOnceAsync();

        // Assert
        Assert.Equal([IntakeStatus.Duplicate, IntakeStatus.Duplicate, IntakeStatus.Created], outcomes.Select(o => o.Status));
        var after = await _harness.Store.GetCheckpointAsync(source.CheckpointKey);
        Assert.NotEqual(before.Split(':')[0], after!.Split(':')[0]);
        Assert.EndsWith(":3", after, StringComparison.Ordinal);
        Assert.Equal(3, _harness.Store.Count);
    }

    [Fact]
    public async Task PollOnceAsync_StoreDown_LeavesMessageUnflaggedAndRetriesIt()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await dovecot.AppendAsync(folder, TestMail.Seed());
        var options = dovecot.Options(folder);
        var source = Source(options);
        _harness.Store.FailNextSave = new StoreException("database is locked");

        // Act
        await Assert.ThrowsAsync<StoreException>(() => source.PollOnceAsync());
        var flagsAfterFailure = Assert.Single(await dovecot.FlagsAsync(folder));
        var checkpointAfterFailure = await _harness.Store.GetCheckpointAsync(source.CheckpointKey);
        var retried = Assert.Single(await source.PollOnceAsync());

        // Assert
        Assert.DoesNotContain(options.ProcessedKeyword, flagsAfterFailure.Keywords);
        Assert.False(flagsAfterFailure.Flags!.Value.HasFlag(MessageFlags.Seen));
        Assert.Null(checkpointAfterFailure);
        Assert.Equal(IntakeStatus.Created, retried.Status);
        Assert.Contains(options.ProcessedKeyword, Assert.Single(await dovecot.FlagsAsync(folder)).Keywords);
    }

    [Fact]
    public async Task PollOnceAsync_MailWithoutSender_IsQuarantinedOnTheServerAndCheckpointMoves()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await dovecot.AppendAsync(folder, TestMail.Utf8("To: support@agence.fr\r\nSubject: anonymous\r\nMessage-ID: <anon@x>\r\n\r\nhello"));
        await dovecot.AppendAsync(folder, TestMail.Seed());
        var options = dovecot.Options(folder);
        var source = Source(options);

        // Act
        var outcomes = await source.PollOnceAsync();

        // Assert
        Assert.Equal([IntakeStatus.Quarantined, IntakeStatus.Created], outcomes.Select(o => o.Status));
        var messages = await dovecot.FlagsAsync(folder);
        Assert.Contains(options.QuarantineKeyword, messages[0].Keywords);
        Assert.False(messages[0].Flags!.Value.HasFlag(MessageFlags.Seen));
        Assert.Contains(options.ProcessedKeyword, messages[1].Keywords);
        Assert.EndsWith(":2", await _harness.Store.GetCheckpointAsync(source.CheckpointKey), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PollOnceAsync_MoveProcessedTo_MovesMessageAfterCommit()
    {
        // Arrange
        var folder = NewFolder();
        var done = folder + "Done";
        await dovecot.CreateFolderAsync(folder);
        await dovecot.CreateFolderAsync(done);
        await dovecot.AppendAsync(folder, TestMail.Seed());
        var options = dovecot.Options(folder);
        options.MoveProcessedTo = done;
        var source = Source(options);

        // Act
        var outcome = Assert.Single(await source.PollOnceAsync());

        // Assert
        Assert.Equal(IntakeStatus.Created, outcome.Status);
        Assert.Empty(await dovecot.FlagsAsync(folder));
        Assert.Single(await dovecot.FlagsAsync(done));
    }

    [Fact]
    public async Task RunAsync_MailArrivesWhileIdle_IsDeliveredByIdleAndSurvivesAKick()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        var outcomes = System.Threading.Channels.Channel.CreateUnbounded<IntakeOutcome>();
        var source = Source(dovecot.Options(folder));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = source.RunAsync((o, ct) => outcomes.Writer.WriteAsync(o, ct).AsTask(), cts.Token);
        await dovecot.AppendAsync(folder, TestMail.Simple("idle1@client", "first", "one"));
        var first = await outcomes.Reader.ReadAsync(cts.Token);

        // Act
        await Task.Delay(300, cts.Token);
        await dovecot.AppendAsync(folder, TestMail.Simple("idle2@client", "second", "two"));
        var second = await outcomes.Reader.ReadAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(15), cts.Token);
        await dovecot.Server.KickAsync();
        await dovecot.AppendAsync(folder, TestMail.Simple("idle3@client", "third", "three"));
        var third = await outcomes.Reader.ReadAsync(cts.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(15), cts.Token);
        await cts.CancelAsync();
        await run;

        // Assert
        Assert.Equal(["idle1@client", "idle2@client", "idle3@client"], new[] { first, second, third }.Select(o => o.MessageId));
        Assert.All(new[] { first, second, third }, o => Assert.Equal(IntakeStatus.Created, o.Status));
    }

    [Fact]
    public async Task PollOnceAsync_TwoHundredMailsWaitingOnSqlite_AllBecomeIncidentsFlaggedAndTheLastUidIsCheckpointed()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await AppendManyAsync(folder, Enumerable.Range(1, 200).Select(i => TestMail.Simple($"w{i}@client", $"Sujet {i}", $"Message {i}")));
        var database = Path.Combine(Path.GetTempPath(), $"agentops-imap-{Guid.NewGuid():N}", "agentops.db");
        await using var store = SqlIncidentStore.ForSqlite(database);
        var harness = new IntakeHarness(intake: new IntakeOptions { BurstWindow = TimeSpan.Zero }, store: store);
        var options = dovecot.Options(folder);
        var source = new ImapMailSource(harness.Service, store, Options.Create(options), Options.Create(harness.MailOptions), TimeProvider.System, NullLogger<ImapMailSource>.Instance);

        try
        {
            // Act
            var outcomes = await source.PollOnceAsync();

            // Assert
            Assert.Equal(200, outcomes.Count);
            Assert.All(outcomes, o => Assert.Equal(IntakeStatus.Created, o.Status));
            Assert.Equal(Enumerable.Range(1, 200).Select(i => $"w{i}@client"), outcomes.Select(o => o.MessageId));
            Assert.Equal(200, (await store.ListAsync(new IncidentQuery { Limit = 1000 })).Count);
            Assert.All(await dovecot.FlagsAsync(folder), m => Assert.Contains(options.ProcessedKeyword, m.Keywords));
            Assert.EndsWith(":200", await store.GetCheckpointAsync(source.CheckpointKey), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        }
    }

    [Fact]
    public async Task PollOnceAsync_StoppedInTheSecondBatch_FirstBatchStaysCommittedAndFlaggedAndTheRestIsTakenNextTime()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await AppendManyAsync(folder, Enumerable.Range(1, 100).Select(i => TestMail.Simple($"k{i}@client", $"Sujet {i}", i == 70 ? "STOP-HERE" : $"Message {i}")));
        var database = Path.Combine(Path.GetTempPath(), $"agentops-imap-{Guid.NewGuid():N}", "agentops.db");
        await using var store = SqlIncidentStore.ForSqlite(database);
        var harness = new IntakeHarness(new MailOptions { BatchSize = 40 }, new IntakeOptions { BurstWindow = TimeSpan.Zero }, store: store);
        using var shutdown = new CancellationTokenSource();
        harness.Classifier.ClassifyAsync(Arg.Is<TriageInput>(i => i.Body.Contains("STOP-HERE", StringComparison.Ordinal)), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                if (!shutdown.IsCancellationRequested)
                {
                    shutdown.Cancel();
                    throw new OperationCanceledException(shutdown.Token);
                }

                return new TriageResult(Priority.P3, "question", 0.8) { Reasons = ["test classifier"] };
            });
        var options = dovecot.Options(folder);
        ImapMailSource Source() => new(harness.Service, store, Options.Create(options), Options.Create(harness.MailOptions), TimeProvider.System, NullLogger<ImapMailSource>.Instance);

        try
        {
            // Act
            var stopped = await Record.ExceptionAsync(() => Source().PollOnceAsync(shutdown.Token));
            var flagsAfterStop = await dovecot.FlagsAsync(folder);
            var checkpointAfterStop = await store.GetCheckpointAsync(Source().CheckpointKey);
            var incidentsAfterStop = (await store.ListAsync(new IncidentQuery { Limit = 1000 })).Count;
            var resumed = await Source().PollOnceAsync();

            // Assert
            Assert.IsAssignableFrom<OperationCanceledException>(stopped);
            Assert.Equal(40, flagsAfterStop.Count(m => m.Keywords.Contains(options.ProcessedKeyword)));
            Assert.All(flagsAfterStop.Take(40), m => Assert.Contains(options.ProcessedKeyword, m.Keywords));
            Assert.EndsWith(":40", checkpointAfterStop, StringComparison.Ordinal);
            Assert.Equal(40, incidentsAfterStop);
            Assert.Equal(Enumerable.Range(41, 60).Select(i => $"k{i}@client"), resumed.Select(o => o.MessageId));
            Assert.All(resumed, o => Assert.Equal(IntakeStatus.Created, o.Status));
            Assert.Equal(100, (await store.ListAsync(new IncidentQuery { Limit = 1000 })).Count);
            Assert.All(await dovecot.FlagsAsync(folder), m => Assert.Contains(options.ProcessedKeyword, m.Keywords));
            Assert.EndsWith(":100", await store.GetCheckpointAsync(Source().CheckpointKey), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        }
    }

    [Fact]
    public async Task PollOnceAsync_OversizedMessageInTheBatch_IsQuarantinedWithoutDownloadAndTheOthersAreTaken()
    {
        // Arrange
        var folder = NewFolder();
        await dovecot.CreateFolderAsync(folder);
        await AppendManyAsync(folder, [
            TestMail.Simple("o1@client", "first", "one"),
            TestMail.Simple("o2@client", "huge", new string('x', 20_000)),
            TestMail.Simple("o3@client", "third", "three")]);
        var harness = new IntakeHarness(new MailOptions { MaxMessageBytes = 8192 }, new IntakeOptions { BurstWindow = TimeSpan.Zero });
        var options = dovecot.Options(folder);
        var source = new ImapMailSource(harness.Service, harness.Store, Options.Create(options), Options.Create(harness.MailOptions), TimeProvider.System, NullLogger<ImapMailSource>.Instance);

        // Act
        var outcomes = await source.PollOnceAsync();

        // Assert
        Assert.Equal([IntakeStatus.Created, IntakeStatus.Quarantined, IntakeStatus.Created], outcomes.Select(o => o.Status));
        Assert.Contains("Mail:MaxMessageBytes", outcomes[1].QuarantineReason, StringComparison.Ordinal);
        var messages = await dovecot.FlagsAsync(folder);
        Assert.Contains(options.QuarantineKeyword, messages[1].Keywords);
        Assert.Contains(options.ProcessedKeyword, messages[2].Keywords);
        Assert.EndsWith(":3", await harness.Store.GetCheckpointAsync(source.CheckpointKey), StringComparison.Ordinal);
    }

    private async Task AppendManyAsync(string folder, IEnumerable<byte[]> mails)
    {
        using var client = await dovecot.ClientAsync();
        var target = await client.GetFolderAsync(folder);
        foreach (var raw in mails)
        {
            using var stream = new MemoryStream(raw);
            await target.AppendAsync(MimeKit.FormatOptions.Default, new AppendRequest(await MimeKit.MimeMessage.LoadAsync(stream), MessageFlags.None));
        }

        await client.DisconnectAsync(true);
    }

    private async Task ClearKeywordsAsync(string folder, string keyword)
    {
        using var client = await dovecot.ClientAsync();
        var target = await client.GetFolderAsync(folder);
        await target.OpenAsync(FolderAccess.ReadWrite);
        var all = await target.SearchAsync(MailKit.Search.SearchQuery.All);
        await target.StoreAsync(all, new StoreFlagsRequest(StoreAction.Remove, MessageFlags.Seen, [keyword]) { Silent = true });
        await client.DisconnectAsync(true);
    }

    private async Task RecreateFolderAsync(string folder, string oldValidity)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using (var client = await dovecot.ClientAsync())
            {
                var target = await client.GetFolderAsync(folder);
                await target.DeleteAsync();
                await client.DisconnectAsync(true);
            }

            // Dovecot derives UIDVALIDITY from the clock: make sure the new folder gets a new one.
            await Task.Delay(1100);
            await dovecot.CreateFolderAsync(folder);
            using var check = await dovecot.ClientAsync();
            var created = await check.GetFolderAsync(folder);
            await created.OpenAsync(FolderAccess.ReadOnly);
            if (created.UidValidity.ToString(System.Globalization.CultureInfo.InvariantCulture) != oldValidity)
            {
                return;
            }
        }

        throw new InvalidOperationException("Dovecot kept the same UIDVALIDITY.");
    }
}
