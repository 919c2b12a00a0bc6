using System.Collections.Concurrent;

namespace AgentOps.Infrastructure.Chat;

/// <summary>
/// Remembers the signatures of accepted chat requests for the replay window, so that the same signed request sent twice
/// inside the window is refused the second time. Entries older than the window are dropped as new ones arrive.
/// </summary>
public sealed class ChatReplayCache(TimeProvider time, TimeSpan window)
{
    private const int PurgeThreshold = 4096;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _nextPurgeTicks;

    /// <summary>How many signatures are remembered now.</summary>
    public int Count => _seen.Count;

    /// <summary>Records <paramref name="signature"/>; <see langword="false"/> when it was already seen within the window.</summary>
    public bool TryRecord(string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var now = time.GetUtcNow();
        if (_seen.Count > PurgeThreshold && now.UtcTicks > Interlocked.Read(ref _nextPurgeTicks))
        {
            Interlocked.Exchange(ref _nextPurgeTicks, (now + TimeSpan.FromSeconds(1)).UtcTicks);
            foreach (var (key, at) in _seen)
            {
                if (now - at > window)
                {
                    _seen.TryRemove(key, out _);
                }
            }
        }

        while (true)
        {
            if (_seen.TryAdd(signature, now))
            {
                return true;
            }

            if (!_seen.TryGetValue(signature, out var at))
            {
                continue;
            }

            if (now - at <= window)
            {
                return false;
            }

            if (_seen.TryUpdate(signature, now, at))
            {
                return true;
            }
        }
    }
}
