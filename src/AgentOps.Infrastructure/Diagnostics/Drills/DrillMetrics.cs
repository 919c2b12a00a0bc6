using System.Globalization;
using System.Text;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>Request metrics of a drill service in the Prometheus text format: a duration histogram and a counter by status.</summary>
internal sealed class DrillMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private readonly Dictionary<int, long> _byStatus = [];
    private double _sum;
    private long _count;

    public void Record(int status, TimeSpan duration)
    {
        lock (_byStatus)
        {
            var seconds = duration.TotalSeconds;
            for (var i = 0; i < Buckets.Length; i++)
            {
                if (seconds <= Buckets[i])
                {
                    _bucketCounts[i]++;
                }
            }

            _sum += seconds;
            _count++;
            _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
        }
    }

    public string Render()
    {
        lock (_byStatus)
        {
            var text = new StringBuilder("# TYPE http_request_duration_seconds histogram\n");
            for (var i = 0; i < Buckets.Length; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{le=\"{Buckets[i]}\"}} {_bucketCounts[i]}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_bucket{{le=\"+Inf\"}} {_count}\n")
                .Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_sum {_sum}\n")
                .Append(CultureInfo.InvariantCulture, $"http_request_duration_seconds_count {_count}\n")
                .Append("# TYPE http_requests_total counter\n");
            foreach (var (status, count) in _byStatus.OrderBy(kv => kv.Key))
            {
                text.Append(CultureInfo.InvariantCulture, $"http_requests_total{{status=\"{status}\"}} {count}\n");
            }

            return text.ToString();
        }
    }
}
