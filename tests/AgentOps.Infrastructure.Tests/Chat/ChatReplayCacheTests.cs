using AgentOps.Infrastructure.Chat;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.Chat;

public sealed class ChatReplayCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero));

    [Fact]
    public void TryRecord_SameSignatureWithinTheWindow_IsRefusedTheSecondTime()
    {
        // Arrange
        var cache = new ChatReplayCache(_time, TimeSpan.FromMinutes(5));

        // Act
        var first = cache.TryRecord("v0=abc");
        _time.Advance(TimeSpan.FromMinutes(4));
        var second = cache.TryRecord("v0=abc");

        // Assert
        Assert.True(first);
        Assert.False(second);
    }

    [Fact]
    public void TryRecord_SameSignatureAfterTheWindow_IsAccepted()
    {
        // Arrange
        var cache = new ChatReplayCache(_time, TimeSpan.FromMinutes(5));
        cache.TryRecord("v0=abc");

        // Act
        _time.Advance(TimeSpan.FromMinutes(6));
        var again = cache.TryRecord("v0=abc");

        // Assert
        Assert.True(again);
    }

    [Fact]
    public void TryRecord_ManyOldSignatures_AreForgotten()
    {
        // Arrange
        var cache = new ChatReplayCache(_time, TimeSpan.FromMinutes(5));
        for (var i = 0; i < 5000; i++)
        {
            cache.TryRecord($"old-{i}");
        }

        // Act
        _time.Advance(TimeSpan.FromMinutes(10));
        cache.TryRecord("new");

        // Assert
        Assert.Equal(1, cache.Count);
    }
}
