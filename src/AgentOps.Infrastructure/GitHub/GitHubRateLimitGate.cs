using System.Globalization;
using System.Net.Http.Headers;
using AgentOps.Core.Telemetry;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// Remembers what GitHub said about the primary rate limit (<c>X-RateLimit-Remaining</c>, <c>X-RateLimit-Reset</c>) and
/// holds calls back until the reset when the budget is spent, instead of burning requests on 403s. Shared by all clients
/// of one process.
/// </summary>
public sealed class GitHubRateLimitGate(TimeProvider time)
{
    private readonly Lock _lock = new();
    private int? _remaining;
    private DateTimeOffset? _reset;

    /// <summary>The last remaining budget GitHub reported, or <see langword="null"/> before the first answer.</summary>
    public int? Remaining
    {
        get
        {
            lock (_lock)
            {
                return _remaining;
            }
        }
    }

    /// <summary>Records the rate-limit headers of a response.</summary>
    public void Observe(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var remaining = ReadLong(headers, "X-RateLimit-Remaining");
        var reset = ReadLong(headers, "X-RateLimit-Reset");
        if (remaining is null)
        {
            return;
        }

        AgentOpsMetrics.SetGitHubRateLimit(remaining.Value);
        lock (_lock)
        {
            _remaining = (int)Math.Min(remaining.Value, int.MaxValue);
            _reset = reset is null ? null : DateTimeOffset.FromUnixTimeSeconds(reset.Value);
        }
    }

    /// <summary>How long to wait before the next call: zero unless the budget is spent and the reset is ahead.</summary>
    public TimeSpan DelayBeforeNextCall()
    {
        lock (_lock)
        {
            if (_remaining is > 0 or null || _reset is null)
            {
                return TimeSpan.Zero;
            }

            var wait = _reset.Value - time.GetUtcNow() + TimeSpan.FromSeconds(1);
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Reads a numeric header, or <see langword="null"/>.</summary>
    internal static long? ReadLong(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
