using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace AgentOps.Infrastructure.Tests.Communication;

public sealed class OutboxDispatcherTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly CommsInMemoryIncidentStore _store = new();

    [Fact]
    public async Task DispatchDueAsync_KindWithoutHandler_KeptPendingWithAnErrorNamingTheKind()
    {
        // Arrange
        await Enqueue("OUT-1", "github");
        var dispatcher = new OutboxDispatcher(_store, [Handler("email")], [], new OutboxDispatcherOptions(), _time);

        // Act
        var report = await dispatcher.DispatchDueAsync();

        // Assert
        Assert.Equal(1, report.Retrying);
        var message = Assert.Single(await _store.ListOutboxAsync());
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Contains("No handler delivers outbox kind 'github'", message.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DispatchDueAsync_HandlerThrowsUnexpectedException_RecordedAndRetried()
    {
        // Arrange
        await Enqueue("OUT-1", "email");
        var handler = Handler("email");
        handler.DeliverAsync(Arg.Any<OutboxMessage>(), Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("boom"));
        var dispatcher = new OutboxDispatcher(_store, [handler], [], new OutboxDispatcherOptions(), _time);

        // Act
        await dispatcher.DispatchDueAsync();

        // Assert
        var message = Assert.Single(await _store.ListOutboxAsync());
        Assert.Equal("InvalidOperationException: boom", message.LastError);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(30), message.NextAttemptAt);
    }

    [Fact]
    public async Task DispatchDueAsync_ListenerFails_MessageStillCompleted()
    {
        // Arrange
        await Enqueue("OUT-1", "email");
        var listener = Substitute.For<IOutboxDeliveryListener>();
        listener.OnDeliveredAsync(Arg.Any<OutboxMessage>(), Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).ThrowsAsync(new ConcurrencyException("INC-1", 3));
        var dispatcher = new OutboxDispatcher(_store, [Handler("email")], [listener], new OutboxDispatcherOptions(), _time);

        // Act
        var report = await dispatcher.DispatchDueAsync();

        // Assert
        Assert.Equal(1, report.Delivered);
        Assert.Equal(OutboxStatus.Delivered, Assert.Single(await _store.ListOutboxAsync()).Status);
    }

    [Fact]
    public async Task DispatchDueAsync_MessageClaimedByAnotherDispatcher_NotDeliveredTwiceUntilTheLeaseExpires()
    {
        // Arrange
        await Enqueue("OUT-1", "email");
        await _store.ClaimOutboxAsync("other-node", 10, _time.GetUtcNow(), TimeSpan.FromMinutes(2));
        var handler = Handler("email");
        var dispatcher = new OutboxDispatcher(_store, [handler], [], new OutboxDispatcherOptions(), _time);

        // Act
        var whileLeased = await dispatcher.DispatchDueAsync();
        _time.Advance(TimeSpan.FromMinutes(2));
        var afterLease = await dispatcher.DispatchDueAsync();

        // Assert
        Assert.Equal(0, whileLeased.Claimed);
        Assert.Equal(1, afterLease.Delivered);
        await handler.Received(1).DeliverAsync(Arg.Any<OutboxMessage>(), Arg.Any<CancellationToken>());
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(4, 240)]
    [InlineData(8, 3600)]
    public void RetryDelay_AfterFailedAttempts_DoublesUpToTheCap(int failed, int expectedSeconds)
    {
        // Arrange
        var options = new OutboxDispatcherOptions();

        // Act
        var delay = options.RetryDelay(failed);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void Constructor_TwoHandlersForOneKind_Throws()
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => new OutboxDispatcher(_store, [Handler("email"), Handler("email")], [], new OutboxDispatcherOptions(), _time));

        // Assert
        Assert.Contains("'email'", error.Message, StringComparison.Ordinal);
    }

    private static IOutboxHandler Handler(string kind)
    {
        var handler = Substitute.For<IOutboxHandler>();
        handler.Kind.Returns(kind);
        return handler;
    }

    private async Task Enqueue(string id, string kind)
    {
        var incident = new Incident { Id = "INC-2026-0001", Title = "t", CreatedAt = _time.GetUtcNow() };
        incident.Record(_time.GetUtcNow(), "test", "cli", "note", "created");
        var changes = new ChangeSet();
        changes.Outbox.Add(new OutboxMessage(id, incident.Id, kind, "{}", _time.GetUtcNow()) { NextAttemptAt = _time.GetUtcNow() });
        await _store.SaveAsync(incident, changes);
    }
}
