using System.Collections.Concurrent;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Dispatch;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Core.Tests.Orchestration.Dispatch;

public sealed class WorkDispatcherTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _order = new();

    private WorkDispatcher Create(int maxConcurrency = 1, int defaultSkillLimit = 8, Dictionary<string, int>? skillLimits = null, TimeSpan? aging = null) =>
        new(new DispatcherOptions
        {
            MaxConcurrency = maxConcurrency,
            DefaultSkillLimit = defaultSkillLimit,
            SkillLimits = skillLimits ?? [],
            AgingInterval = aging ?? TimeSpan.FromMinutes(2),
        }, _time);

    private WorkItem Recording(string name, Priority priority, string incident = "INC-2026-0001", string skill = "triage") =>
        new(incident, priority, WorkKind.Triage, skill, _ =>
        {
            _order.Enqueue(name);
            return Task.CompletedTask;
        });

    private static (WorkItem Item, TaskCompletionSource Started, TaskCompletionSource Release) Blocking(
        string incident = "INC-2026-0099", string skill = "blocker", Priority priority = Priority.P1)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var item = new WorkItem(incident, priority, WorkKind.TrackInvestigation, skill, async ct =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(ct).ConfigureAwait(false);
        });
        return (item, started, release);
    }

    [Fact]
    public async Task Enqueue_MixedPriorities_RunsP1FirstThenByPriority()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 1);
        var blocker = Blocking();
        dispatcher.Enqueue(blocker.Item);
        await blocker.Started.Task.WaitAsync(Wait);
        var tickets = new[]
        {
            dispatcher.Enqueue(Recording("p4", Priority.P4)),
            dispatcher.Enqueue(Recording("p3", Priority.P3)),
            dispatcher.Enqueue(Recording("p1", Priority.P1)),
            dispatcher.Enqueue(Recording("p2", Priority.P2)),
        };

        // Act
        blocker.Release.SetResult();
        await Task.WhenAll(tickets.Select(t => t.Completion)).WaitAsync(Wait);

        // Assert
        Assert.Equal(["p1", "p2", "p3", "p4"], _order);
    }

    [Fact]
    public async Task Enqueue_SamePriority_RunsFirstInFirstOut()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 1);
        var blocker = Blocking();
        dispatcher.Enqueue(blocker.Item);
        await blocker.Started.Task.WaitAsync(Wait);
        var tickets = Enumerable.Range(1, 5).Select(i => dispatcher.Enqueue(Recording($"item{i}", Priority.P2))).ToList();

        // Act
        blocker.Release.SetResult();
        await Task.WhenAll(tickets.Select(t => t.Completion)).WaitAsync(Wait);

        // Assert
        Assert.Equal(["item1", "item2", "item3", "item4", "item5"], _order);
        Assert.Equal(tickets.Select(t => t.Sequence).Order(), tickets.Select(t => t.Sequence));
    }

    [Fact]
    public async Task Enqueue_SkillAtItsLimit_RunsAnotherSkillAndKeepsTheLimit()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 4, skillLimits: new() { ["github"] = 1 });
        var firstSync = Blocking(skill: "github");
        var secondSync = Blocking(skill: "github");
        var database = Blocking(skill: "database", priority: Priority.P4);

        // Act
        var first = dispatcher.Enqueue(firstSync.Item);
        var second = dispatcher.Enqueue(secondSync.Item);
        dispatcher.Enqueue(database.Item);
        await Task.WhenAll(firstSync.Started.Task, database.Started.Task).WaitAsync(Wait);

        // Assert
        Assert.Equal(WorkItemState.Running, first.State);
        Assert.Equal(WorkItemState.Pending, second.State);
        Assert.Equal(2, dispatcher.RunningCount);
        firstSync.Release.SetResult();
        await secondSync.Started.Task.WaitAsync(Wait);
        Assert.Equal(WorkItemState.Running, second.State);
        secondSync.Release.SetResult();
        database.Release.SetResult();
    }

    [Fact]
    public async Task Enqueue_WorkersAllBusy_NeverRunsMoreThanMaxConcurrency()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 3);
        var running = 0;
        var peak = 0;
        var items = Enumerable.Range(0, 30).Select(i => new WorkItem($"INC-2026-{i:0000}", (Priority)(1 + (i % 4)), WorkKind.TrackInvestigation, $"skill{i % 5}", async _ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Delay(5).ConfigureAwait(false);
            Interlocked.Decrement(ref running);
        })).ToList();

        // Act
        var tickets = items.Select(dispatcher.Enqueue).ToList();
        await Task.WhenAll(tickets.Select(t => t.Completion)).WaitAsync(Wait);

        // Assert
        Assert.InRange(peak, 1, 3);
        Assert.All(tickets, t => Assert.Equal(WorkItemState.Succeeded, t.State));
    }

    [Theory]
    [InlineData(3, new[] { "old-p4", "new-p1" })]
    [InlineData(1, new[] { "new-p1", "old-p4" })]
    public async Task Enqueue_P4AgedBeforeANewerP1_RunsFirstOnlyAfterThreeAgingIntervals(int minutesWaited, string[] expected)
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 1, aging: TimeSpan.FromMinutes(1));
        var blocker = Blocking();
        dispatcher.Enqueue(blocker.Item);
        await blocker.Started.Task.WaitAsync(Wait);
        var old = dispatcher.Enqueue(Recording("old-p4", Priority.P4));
        _time.Advance(TimeSpan.FromMinutes(minutesWaited));
        var fresh = dispatcher.Enqueue(Recording("new-p1", Priority.P1));

        // Act
        blocker.Release.SetResult();
        await Task.WhenAll(old.Completion, fresh.Completion).WaitAsync(Wait);

        // Assert
        Assert.Equal(expected, _order);
    }

    [Fact]
    public async Task Enqueue_SteadyStreamOfP1_P4StillRunsOnceAged()
    {
        // Arrange: one worker, a P4 waiting, and a new P1 arriving every 30 s of fake time.
        await using var dispatcher = Create(maxConcurrency: 1, aging: TimeSpan.FromMinutes(1));
        var blocker = Blocking();
        dispatcher.Enqueue(blocker.Item);
        await blocker.Started.Task.WaitAsync(Wait);
        var p4 = dispatcher.Enqueue(Recording("p4", Priority.P4));
        var gates = new List<TaskCompletionSource>();

        // Act: each P1 blocks the worker until the next one arrives.
        blocker.Release.SetResult();
        for (var i = 0; i < 10 && p4.State == WorkItemState.Pending; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            var p1 = Blocking(incident: $"INC-2026-01{i:00}", skill: "triage");
            dispatcher.Enqueue(p1.Item);
            gates.Add(p1.Release);
            await Task.Delay(20);
            foreach (var gate in gates)
            {
                gate.TrySetResult();
            }

            await Task.Delay(20);
        }

        // Assert
        await p4.Completion.WaitAsync(Wait);
        Assert.Equal(WorkItemState.Succeeded, p4.State);
        Assert.True(gates.Count <= 7, $"P4 waited for {gates.Count} P1 items");
    }

    [Fact]
    public async Task CancelIncident_PendingItems_NeverRunAndCompleteCancelled()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 1);
        var blocker = Blocking();
        dispatcher.Enqueue(blocker.Item);
        await blocker.Started.Task.WaitAsync(Wait);
        var a1 = dispatcher.Enqueue(Recording("a1", Priority.P1, incident: "INC-2026-0010"));
        var a2 = dispatcher.Enqueue(Recording("a2", Priority.P2, incident: "INC-2026-0010", skill: "comms"));
        var b = dispatcher.Enqueue(Recording("b", Priority.P3, incident: "INC-2026-0011"));

        // Act
        var cancelled = dispatcher.CancelIncident("INC-2026-0010");
        blocker.Release.SetResult();
        await b.Completion.WaitAsync(Wait);

        // Assert
        Assert.Equal(2, cancelled);
        Assert.Equal(WorkItemState.Cancelled, a1.State);
        Assert.Equal(WorkItemState.Cancelled, a2.State);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a1.Completion);
        Assert.Equal(["b"], _order);
        Assert.Equal(0, dispatcher.PendingCount);
    }

    [Fact]
    public async Task CancelIncident_RunningItem_CancelsItsTokenAndFreesTheWorker()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 1);
        var running = Blocking(incident: "INC-2026-0020");
        var ticket = dispatcher.Enqueue(running.Item);
        await running.Started.Task.WaitAsync(Wait);
        var next = dispatcher.Enqueue(Recording("next", Priority.P4, incident: "INC-2026-0021"));

        // Act
        var cancelled = dispatcher.CancelIncident("INC-2026-0020");
        await next.Completion.WaitAsync(Wait);

        // Assert
        Assert.Equal(1, cancelled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ticket.Completion);
        Assert.Equal(WorkItemState.Cancelled, ticket.State);
        Assert.Equal(["next"], _order);
    }

    [Fact]
    public void CancelIncident_UnknownIncident_CancelsNothing()
    {
        // Arrange
        var dispatcher = Create();

        // Act
        var cancelled = dispatcher.CancelIncident("INC-2026-4242");

        // Assert
        Assert.Equal(0, cancelled);
    }

    [Fact]
    public async Task Enqueue_TwoTracksOfOneIncident_RunInParallel()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 4);
        var both = new CountdownEvent(2);
        var overlap = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkItem Track(string skill) => new("INC-2026-0030", Priority.P1, WorkKind.TrackInvestigation, skill, async ct =>
        {
            both.Signal();
            if (both.IsSet)
            {
                overlap.TrySetResult();
            }

            await overlap.Task.WaitAsync(ct).ConfigureAwait(false);
        });

        // Act
        var database = dispatcher.Enqueue(Track("database"));
        var cache = dispatcher.Enqueue(Track("cache"));

        // Assert: each waits for the other to have started, so both completing proves they overlapped.
        await Task.WhenAll(database.Completion, cache.Completion).WaitAsync(Wait);
        Assert.Equal(WorkItemState.Succeeded, database.State);
        Assert.Equal(WorkItemState.Succeeded, cache.State);
    }

    [Fact]
    public async Task Enqueue_WorkThrows_TicketFaultsAndTheQueueGoesOn()
    {
        // Arrange
        await using var dispatcher = Create(maxConcurrency: 1);
        var failing = dispatcher.Enqueue(new WorkItem("INC-2026-0040", Priority.P1, WorkKind.GitHubSync, "github",
            _ => throw new InvalidOperationException("GitHub said 502")));
        var after = dispatcher.Enqueue(Recording("after", Priority.P2));

        // Act
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.Completion);
        await after.Completion.WaitAsync(Wait);

        // Assert
        Assert.Equal("GitHub said 502", error.Message);
        Assert.Equal(WorkItemState.Failed, failing.State);
        Assert.Equal(["after"], _order);
    }

    [Fact]
    public async Task DisposeAsync_PendingAndRunningItems_AreCancelled()
    {
        // Arrange
        var dispatcher = Create(maxConcurrency: 1);
        var running = Blocking();
        var first = dispatcher.Enqueue(running.Item);
        await running.Started.Task.WaitAsync(Wait);
        var pending = dispatcher.Enqueue(Recording("never", Priority.P1));

        // Act
        await dispatcher.DisposeAsync();

        // Assert
        Assert.Equal(WorkItemState.Cancelled, first.State);
        Assert.Equal(WorkItemState.Cancelled, pending.State);
        Assert.Empty(_order);
        Assert.Throws<ObjectDisposedException>(() => dispatcher.Enqueue(Recording("late", Priority.P1)));
    }

    [Theory]
    [InlineData(0, 1, 60)]
    [InlineData(1, 0, 60)]
    [InlineData(1, 1, 0)]
    public void Constructor_InvalidLimits_Throws(int maxConcurrency, int skillLimit, int agingSeconds)
    {
        // Arrange
        var options = new DispatcherOptions
        {
            MaxConcurrency = maxConcurrency,
            DefaultSkillLimit = skillLimit,
            AgingInterval = TimeSpan.FromSeconds(agingSeconds),
        };

        // Act
        var act = () => new WorkDispatcher(options, _time);

        // Assert
        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
