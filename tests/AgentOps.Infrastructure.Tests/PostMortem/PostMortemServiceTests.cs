using AgentOps.Core.PostMortem;
using AgentOps.Infrastructure.PostMortem;
using AgentOps.Infrastructure.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.PostMortem;

public sealed class PostMortemServiceTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"agentops-pm-{Guid.NewGuid():N}");
    private readonly CommsInMemoryIncidentStore _store = new();
    private readonly FakeTimeProvider _time = new(Seed004Incident.ReportedAt.AddHours(3));
    private readonly PostMortemService _service;

    public PostMortemServiceTests()
    {
        var options = new PostMortemOptions { OutputFolder = _folder };
        _service = new PostMortemService(_store, new FileIncidentDocumentWriter(options), options, _time);
    }

    [Fact]
    public async Task GeneratePostMortemAsync_Seed004_StoredWrittenAndScoresFullMarks()
    {
        // Arrange
        await _store.SaveAsync(Seed004Incident.Create());

        // Act
        var result = await _service.GeneratePostMortemAsync("INC-2025-0001", "bob", "cli");

        // Assert
        Assert.True(result.Succeeded, result.Message);
        Assert.True(result.Score!.FullMarks, result.Score.ToMarkdown());
        Assert.Equal(Path.Combine(_folder, "docs", "incidents", "INC-2025-0001.md"), result.PostMortemPath);
        Assert.Equal(result.Markdown, await File.ReadAllTextAsync(result.PostMortemPath!));
        Assert.Equal(result.Runbook, await File.ReadAllTextAsync(Path.Combine(_folder, "docs", "incidents", "INC-2025-0001-runbook.md")));
        var incident = (await _store.FindAsync("INC-2025-0001"))!;
        Assert.Equal(result.Markdown, incident.PostMortem!.Markdown);
        Assert.Contains(incident.Timeline, e => e.Kind == "postmortem" && e.Actor == "bob" && e.Data["score"] == $"{result.Score.Total}/{result.Score.Total}");
        Assert.Contains("- **Lost transactions**: 12 [F-1-2]", result.Markdown, StringComparison.Ordinal);
        Assert.Contains("- **Revenue impact**: ~€850 [F-1-2]", result.Markdown, StringComparison.Ordinal);
        Assert.Contains("- **Duration**: 2h47", result.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", result.Markdown, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetRunbookAsync_PostMortemAlreadyStored_ReturnsTheStoredRunbookWithoutANewEvent()
    {
        // Arrange
        await _store.SaveAsync(Seed004Incident.Create());
        var generated = await _service.GeneratePostMortemAsync("INC-2025-0001", "bob", "cli");
        var events = (await _store.FindAsync("INC-2025-0001"))!.Timeline.Count;
        _time.Advance(TimeSpan.FromHours(1));

        // Act
        var runbook = await _service.GetRunbookAsync("INC-2025-0001", "bob", "cli");

        // Assert
        Assert.Equal(generated.Runbook, runbook.Runbook);
        Assert.Equal(events, (await _store.FindAsync("INC-2025-0001"))!.Timeline.Count);
        Assert.Contains("## Escalation path", runbook.Runbook, StringComparison.Ordinal);
        Assert.Contains("kubectl rollout restart deployment/payment-service", runbook.Runbook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratePostMortemAsync_UnknownIncident_ReturnsMessage()
    {
        // Act
        var result = await _service.GeneratePostMortemAsync("INC-2099-0009", "bob", "cli");

        // Assert
        Assert.False(result.Succeeded);
        Assert.Equal("No incident INC-2099-0009.", result.Message);
        Assert.False(Directory.Exists(_folder));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
