using System.Text;
using AgentOps.Core.Intake;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class DropFolderSourceTests : IDisposable
{
    private readonly string _inbox = Path.Combine(Path.GetTempPath(), $"agentops-inbox-{Guid.NewGuid():N}");
    private readonly IntakeHarness _harness = new();

    public DropFolderSourceTests() => Directory.CreateDirectory(_inbox);

    public void Dispose() => Directory.Delete(_inbox, recursive: true);

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
        var second = Assert.Single(await source.ProcessOnceAsync(_inbox));

        // Assert
        Assert.True(first.Retryable);
        Assert.Equal(IntakeStatus.Created, second.Status);
        Assert.Equal(["seed.eml"], Files("processed"));
        Assert.Empty(Files("quarantine"));
    }

    [Fact]
    public void DefaultInbox_RelativePath_IsUnderTheCurrentDirectory()
    {
        // Act
        var inbox = _harness.DropFolder().DefaultInbox;

        // Assert
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "inbox"), inbox);
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
