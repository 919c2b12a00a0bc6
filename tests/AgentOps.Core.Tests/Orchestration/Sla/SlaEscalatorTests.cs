using System.Text.Json;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Core.Persistence;

namespace AgentOps.Core.Tests.Orchestration.Sla;

public sealed class SlaEscalatorTests : SlaTestBase
{
    private readonly SlaEscalator _escalator;

    public SlaEscalatorTests()
    {
        _escalator = new SlaEscalator(Store, Matrix, Timers, Time);
    }

    private async Task<Incident> SavedAsync(Action<Incident>? change = null)
    {
        var incident = SlaTestData.Incident();
        change?.Invoke(incident);
        await Store.SaveAsync(incident);
        return incident;
    }

    [Fact]
    public async Task FireAsync_FirstPageUnacknowledged_EscalatesRecordsAlertsInOneSaveAndSchedulesTheNextPage()
    {
        // Arrange
        await SavedAsync();
        Time.Advance(TimeSpan.FromMinutes(15));
        var savesBefore = Store.Saves;

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", "page-1");

        // Assert
        Assert.Equal(SlaFireResult.Fired, result);
        Assert.Equal(savesBefore + 1, Store.Saves);
        var incident = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(1, incident.EscalationLevel);
        var transition = Assert.Single(incident.Timeline, e => e.Kind == "transition");
        Assert.Equal(("scheduler", "sla", "Escalate"), (transition.Actor, transition.Source, transition.Data["trigger"]));
        var page = Assert.Single(incident.Timeline, e => e.Kind == "escalation");
        Assert.Equal("page-1", page.Data[SlaSchedule.StepDataKey]);
        var alert = Assert.Single(await Store.ListOutboxAsync("INC-2026-0001"));
        Assert.Equal("alert", alert.Kind);
        using var payload = JsonDocument.Parse(alert.Payload);
        Assert.Equal("escalation", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal(["auto-remediation", "#incidents"], payload.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        var next = Assert.Single(Timers.For("INC-2026-0001"), t => t.Kind == SlaTimerKind.Page);
        Assert.Equal((2, SlaTestData.Start.AddMinutes(20)), (next.Page, next.DueAt));
    }

    [Fact]
    public async Task FireAsync_SameStepTwice_DoesItOnce()
    {
        // Arrange
        await SavedAsync();
        Time.Advance(TimeSpan.FromMinutes(15));
        await _escalator.FireAsync("INC-2026-0001", "page-1");

        // Act
        var second = await _escalator.FireAsync("INC-2026-0001", "page-1");

        // Assert
        Assert.Equal(SlaFireResult.AlreadyDone, second);
        Assert.Single(await Store.ListOutboxAsync("INC-2026-0001"));
        Assert.Equal(1, (await Store.FindAsync("INC-2026-0001"))!.EscalationLevel);
    }

    [Fact]
    public async Task FireAsync_PageAfterAcknowledgement_DoesNothing()
    {
        // Arrange
        await SavedAsync(i => i.AcknowledgedAt = SlaTestData.Start.AddMinutes(2));
        Time.Advance(TimeSpan.FromMinutes(15));

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", "page-1");

        // Assert
        Assert.Equal(SlaFireResult.NotNeeded, result);
        Assert.Empty(await Store.ListOutboxAsync("INC-2026-0001"));
        Assert.Equal(0, (await Store.FindAsync("INC-2026-0001"))!.EscalationLevel);
        Assert.DoesNotContain(Timers.For("INC-2026-0001"), t => t.Kind == SlaTimerKind.Page);
    }

    [Fact]
    public async Task FireAsync_RepeatPage_AlertsWithoutRaisingTheLevel()
    {
        // Arrange
        await SavedAsync();
        Time.Advance(TimeSpan.FromMinutes(15));
        await _escalator.FireAsync("INC-2026-0001", "page-1");
        await _escalator.FireAsync("INC-2026-0001", "page-2");

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", "page-3");

        // Assert
        Assert.Equal(SlaFireResult.Fired, result);
        var incident = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(2, incident.EscalationLevel);
        Assert.Equal(3, (await Store.ListOutboxAsync("INC-2026-0001")).Count);
    }

    [Fact]
    public async Task FireAsync_ResolvedIncident_DoesNothingAndDropsItsTimers()
    {
        // Arrange
        await SavedAsync(i =>
        {
            i.State = IncidentState.Resolved;
            i.ResolvedAt = SlaTestData.Start.AddMinutes(10);
        });

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", "resolve-breach");

        // Assert
        Assert.Equal(SlaFireResult.NotNeeded, result);
        Assert.Empty(Timers.For("INC-2026-0001"));
        Assert.Empty(await Store.ListOutboxAsync());
    }

    [Fact]
    public async Task FireAsync_ResolutionBreached_EscalatesAndAlertsTheNextLevel()
    {
        // Arrange
        await SavedAsync(i => i.AcknowledgedAt = SlaTestData.Start.AddMinutes(1));
        Time.Advance(TimeSpan.FromHours(4));

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", "resolve-breach");

        // Assert
        Assert.Equal(SlaFireResult.Fired, result);
        var incident = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(1, incident.EscalationLevel);
        Assert.Contains(incident.Timeline, e => e.Kind == "sla" && e.Data.GetValueOrDefault(SlaSchedule.StepDataKey) == "resolve-breach");
        var alert = Assert.Single(await Store.ListOutboxAsync());
        Assert.Contains("\"breach\"", alert.Payload, StringComparison.Ordinal);
        Assert.Empty(Timers.For("INC-2026-0001"));
    }

    [Theory]
    [InlineData("ack-reminder")]
    [InlineData("resolve-reminder")]
    public async Task FireAsync_Reminder_RecordsAndAlertsWithoutEscalating(string step)
    {
        // Arrange
        await SavedAsync();

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", step);

        // Assert
        Assert.Equal(SlaFireResult.Fired, result);
        var incident = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal(0, incident.EscalationLevel);
        Assert.Contains(incident.Timeline, e => e.Message.StartsWith("Reminder", StringComparison.Ordinal));
        Assert.Contains("\"reminder\"", Assert.Single(await Store.ListOutboxAsync()).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FireAsync_ConcurrentChange_ReloadsAndAppliesOnTheFreshIncident()
    {
        // Arrange: a CLI user changes the title while the scheduler is deciding.
        await SavedAsync();
        Time.Advance(TimeSpan.FromMinutes(15));
        var interfered = false;
        Store.BeforeSave = id =>
        {
            if (interfered)
            {
                return;
            }

            interfered = true;
            var other = Store.FindAsync(id).Result!;
            other.Title = "Paiements bloqués (Stripe)";
            Store.SaveAsync(other).Wait();
        };

        // Act
        var result = await _escalator.FireAsync("INC-2026-0001", "page-1");

        // Assert
        Assert.Equal(SlaFireResult.Fired, result);
        var incident = (await Store.FindAsync("INC-2026-0001"))!;
        Assert.Equal("Paiements bloqués (Stripe)", incident.Title);
        Assert.Equal(1, incident.EscalationLevel);
        Assert.Single(await Store.ListOutboxAsync());
    }

    [Fact]
    public async Task FireAsync_UnknownIncident_ReportsItGone()
    {
        // Act
        var result = await _escalator.FireAsync("INC-2026-0404", "page-1");

        // Assert
        Assert.Equal(SlaFireResult.IncidentGone, result);
    }

    [Fact]
    public async Task FireAsync_NotAStep_Throws()
    {
        // Act
        var act = () => _escalator.FireAsync("INC-2026-0001", "reboot");

        // Assert
        await Assert.ThrowsAsync<ArgumentException>(act);
    }

    [Fact]
    public async Task RecordFailureAsync_RetriesExhausted_RecordsOnTheTimelineAndAlerts()
    {
        // Arrange
        await SavedAsync();

        // Act
        var recorded = await _escalator.RecordFailureAsync("INC-2026-0001", "page-1", "store unreachable", 4);

        // Assert
        Assert.True(recorded);
        var incident = (await Store.FindAsync("INC-2026-0001"))!;
        var failure = Assert.Single(incident.Timeline, e => e.Kind == "job-failed");
        Assert.Contains("page-1 failed after 4 attempts: store unreachable", failure.Message, StringComparison.Ordinal);
        Assert.Contains("\"job-failed\"", Assert.Single(await Store.ListOutboxAsync()).Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("page-1", SlaSchedule.DoneSteps(incident));
    }

    [Fact]
    public async Task RecordFailureAsync_UnknownIncident_ReturnsFalse()
    {
        // Act
        var recorded = await _escalator.RecordFailureAsync("INC-2026-0404", "page-1", "boom", 4);

        // Assert
        Assert.False(recorded);
        Assert.Empty(await Store.ListOutboxAsync());
        Assert.Equal(0, Store.Saves);
    }
}
