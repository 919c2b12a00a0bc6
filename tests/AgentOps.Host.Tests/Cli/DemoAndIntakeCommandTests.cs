using System.Text.Json;

namespace AgentOps.Host.Tests.Cli;

public sealed class DemoAndIntakeCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public DemoAndIntakeCommandTests()
    {
        // The repository's settings: client-existant.fr is an enterprise customer with a 4 h P1 SLA.
        _cli.Settings["Logging:File"] = string.Empty;
        File.Copy(Path.Combine(RepositoryRoot(), "appsettings.json"), Path.Combine(_cli.WorkingDirectory, "appsettings.json"));
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Demo_OnEmbeddedDefaults_WalksTheSeedFromEmailToClosedPostMortem()
    {
        // Act
        var (code, output, error) = await _cli.RunProcessAsync("demo");

        // Assert
        Assert.True(code == 0, error);
        Assert.Contains("created INC-", output, StringComparison.Ordinal);
        Assert.Contains(": P1, intent bug", output, StringComparison.Ordinal);
        Assert.Contains("ROOT CAUSE: Stripe rejects the application's API key as expired", output, StringComparison.Ordinal);
        Assert.Contains("is now Closed", output, StringComparison.Ordinal);
        Assert.Contains("checklist score: 12/12", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_cli.WorkingDirectory, "docs", "incidents"), "INC-*-runbook.md"));
        var emails = Directory.GetFiles(Path.Combine(_cli.WorkingDirectory, "outbox"), "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        Assert.Equal(2, emails.Count);
        var resolution = Assert.Single(emails, m => m.Subject?.EndsWith("✅ RÉSOLU", StringComparison.Ordinal) == true);
        Assert.Equal("support@client-existant.fr", resolution.To.Mailboxes.Single().Address);
        Assert.StartsWith("Bonjour Jean,", resolution.TextBody, StringComparison.Ordinal);
        Assert.Contains("Expiration de la clé API Stripe utilisée par l'application", resolution.TextBody, StringComparison.Ordinal);
        Assert.Contains("(SLA 4h respecté ✅)", resolution.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Intake_SeedEmailJson_IsP1BugWithFourHourSlaAndReasons()
    {
        // Arrange
        var eml = Path.Combine(_cli.WorkingDirectory, "paiements.eml");
        await File.WriteAllBytesAsync(eml, AgentOps.Host.Demo.PaymentHotfixScenario.Email(DateTimeOffset.UtcNow));

        // Act
        var (code, output, error) = await _cli.RunAsync("intake", eml, "--json");

        // Assert
        Assert.True(code == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        Assert.Equal("P1", json.GetProperty("priority").GetString());
        Assert.Equal("bug", json.GetProperty("intent").GetString());
        Assert.NotEmpty(json.GetProperty("reasons").EnumerateArray());
        Assert.Contains("client-intake", json.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        var deadline = json.GetProperty("sla_deadline").GetDateTimeOffset();
        Assert.InRange(deadline - DateTimeOffset.UtcNow, TimeSpan.FromHours(3.9), TimeSpan.FromHours(4.1));
    }

    [Fact]
    public async Task IntakeDir_GarbageFile_IsQuarantinedWithAReasonAndExits1()
    {
        // Arrange
        var inbox = Path.Combine(_cli.WorkingDirectory, "inbox");
        Directory.CreateDirectory(inbox);
        await File.WriteAllBytesAsync(Path.Combine(inbox, "garbage.eml"), [0, 1, 2, 3, 255, 254, 0, 0]);

        // Act
        var (code, output, _) = await _cli.RunProcessAsync("intake", "--dir");

        // Assert
        Assert.Equal(1, code);
        Assert.Contains("quarantine", output, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(inbox, "quarantine", "garbage.eml.reason")) || Directory.GetFiles(Path.Combine(inbox, "quarantine"), "*.reason").Length == 1);
    }

    [Fact]
    public async Task IntakeDir_InProcessWithAnotherCurrentDirectory_ReadsTheInboxOfItsWorkingDirectory()
    {
        // Arrange: the verb runs in this test process, whose current directory is not the CLI's working directory.
        var inbox = Path.Combine(_cli.WorkingDirectory, "inbox");
        Directory.CreateDirectory(inbox);
        await File.WriteAllBytesAsync(Path.Combine(inbox, "seed.eml"), AgentOps.Host.Demo.PaymentHotfixScenario.Email(DateTimeOffset.UtcNow));

        // Act
        var (code, output, error) = await _cli.RunAsync("intake", "--dir");

        // Assert
        Assert.True(code == 0, error);
        Assert.Contains(" created: P1 bug", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(inbox, "processed", "seed.eml")));
    }

    [Fact]
    public async Task IntakeDir_TwoRunsAtOnceOnOneInboxAndOneDatabase_EachMailTakenOnceAndOneIncidentEach()
    {
        // Arrange
        const int count = 120;
        var inbox = Path.Combine(_cli.WorkingDirectory, "inbox");
        Directory.CreateDirectory(inbox);
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(inbox, $"{i:D3}.eml"),
                $"From: User {i} <user{i}@customer{i}.example>\r\nTo: support@agence.fr\r\nSubject: Export {i} fails\r\nMessage-ID: <m{i}@customer{i}.example>\r\n" +
                $"Content-Type: text/plain; charset=utf-8\r\n\r\nThe export number {i} fails with error {i}.\r\n");
        }

        // Act: two nodes, as two `agentops intake --dir` started together (each its own host, store connection and node id).
        var runs = await Task.WhenAll(Task.Run(() => _cli.RunAsync("intake", "--dir", "--json")), Task.Run(() => _cli.RunAsync("intake", "--dir", "--json")));

        // Assert
        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Error));
        var outcomes = runs.SelectMany(run => JsonDocument.Parse(run.Output).RootElement.EnumerateArray().Select(o => o.Clone())).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"file:{i:D3}.eml"), outcomes.Select(o => o.GetProperty("source").GetString()).Order(StringComparer.Ordinal));
        Assert.All(outcomes, o => Assert.Equal("created", o.GetProperty("status").GetString()));
        Assert.Equal(count, outcomes.Select(o => o.GetProperty("incident").GetString()).Distinct().Count());
        Assert.Equal(count, Directory.GetFiles(Path.Combine(inbox, "processed"), "*.eml").Length);
        Assert.Empty(Directory.GetFiles(inbox, "*.eml", SearchOption.TopDirectoryOnly));
        Assert.Empty(Directory.GetFiles(Path.Combine(inbox, ".claimed"), "*", SearchOption.AllDirectories));
        await using var store = AgentOps.Infrastructure.Storage.SqlIncidentStore.ForSqlite(Path.Combine(_cli.WorkingDirectory, "data", "agentops.db"));
        Assert.Equal(count, (await store.ListAsync(new AgentOps.Core.Persistence.IncidentQuery { Limit = 1000 })).Count);
    }

    [Fact]
    public async Task Intake_MissingFile_IsAUsageError()
    {
        // Act
        var (code, _, error) = await _cli.RunAsync("intake", "nowhere.eml");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("No such file", error, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AgentOps.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AgentOps.sln not found.");
    }
}
