using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>Offline analyst of the monitoring track (Prometheus): latency percentile, error rate and saturation against a baseline window.</summary>
public sealed class MonitoringPlaybook : Playbook
{
    /// <summary>Current/baseline ratio from which a metric counts as degraded. 2.</summary>
    public const double DegradedRatio = 2;

    /// <summary>Error rate (share of requests) from which errors count as high, whatever the baseline. 0.05.</summary>
    public const double HighErrorRate = 0.05;

    /// <inheritdoc />
    public override TrackKind Kind => TrackKind.Monitoring;

    /// <inheritdoc />
    protected override async Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        var latency = Usable(await CallAsync(context, "prometheus", "latency_percentile", cancellationToken).ConfigureAwait(false), recorder);
        var errors = Usable(await CallAsync(context, "prometheus", "error_rate", cancellationToken).ConfigureAwait(false), recorder);
        var saturation = Usable(await CallAsync(context, "prometheus", "saturation", cancellationToken).ConfigureAwait(false), recorder);
        var before = recorder.Findings.Count;
        ReadLatency(latency, recorder);
        ReadErrorRate(errors, recorder);
        ReadSaturation(saturation, recorder);
        var withData = new[] { latency, errors }.Where(o => o?.Number("current") is not null).ToList();
        if (withData.Count > 0 && recorder.Findings.Skip(before).All(f => FindingCategories.IsNeutral(f.Category)))
        {
            recorder.Add(FindingCategories.MetricsOk, "Latency and error rate are in line with the baseline.", 0.5, withData[0]!.Source, withData[0]!.Raw);
        }
        else if (withData.Count == 0 && (latency ?? errors) is { } empty)
        {
            recorder.Add(FindingCategories.ToolUnavailable, "Prometheus has no request data for the incident window: latency and error rate are unknown.", 0.2, empty.Source, empty.Raw);
        }
    }

    /// <summary>Latency percentile well above its baseline → <see cref="FindingCategories.MetricsLatencyHigh"/>.</summary>
    internal static void ReadLatency(ToolOutput? output, FindingRecorder recorder)
    {
        if (output?.Number("current") is not { } current)
        {
            return;
        }

        var ratio = output.Number("ratio");
        if (ratio is null || ratio < DegradedRatio)
        {
            return;
        }

        recorder.Add(
            FindingCategories.MetricsLatencyHigh,
            $"Latency p{F((output.Number("quantile") ?? 0.95) * 100, "0")} is {F(ratio.Value, "0.#")}× its baseline ({F(current * 1000, "0")} ms now).",
            ratio >= 5 ? 0.85 : 0.7,
            output.Source,
            $"query={output.Text("query")} current={F(current, "0.###")} baseline={F(output.Number("baseline") ?? 0, "0.###")} ratio={F(ratio.Value)}",
            new Dictionary<string, string> { ["ratio"] = F(ratio.Value) });
    }

    /// <summary>High error rate → <see cref="FindingCategories.MetricsErrorRateHigh"/>.</summary>
    internal static void ReadErrorRate(ToolOutput? output, FindingRecorder recorder)
    {
        if (output?.Number("current") is not { } current || current < HighErrorRate)
        {
            return;
        }

        var ratio = output.Number("ratio");
        if (ratio is not null && ratio < DegradedRatio)
        {
            return;
        }

        recorder.Add(
            FindingCategories.MetricsErrorRateHigh,
            $"{F(current * 100, "0.#")} % of requests fail with 5xx{(ratio is null ? " (no errors in the baseline window)" : $", {F(ratio.Value, "0.#")}× the baseline")}.",
            current >= 0.2 ? 0.85 : 0.7,
            output.Source,
            $"query={output.Text("query")} current={F(current, "0.####")} baseline={F(output.Number("baseline") ?? 0, "0.####")}",
            new Dictionary<string, string> { ["error_rate"] = F(current, "0.####") });
    }

    /// <summary>A saturation ratio near 1 → <see cref="FindingCategories.MetricsSaturation"/>.</summary>
    internal static void ReadSaturation(ToolOutput? output, FindingRecorder recorder)
    {
        if (output?.Number("current") is not { } current || current < 0.9)
        {
            return;
        }

        recorder.Add(
            FindingCategories.MetricsSaturation,
            $"A resource is saturated: {F(current * 100, "0")} % in use.",
            0.6,
            output.Source,
            $"query={output.Text("query")} current={F(current, "0.###")} baseline={F(output.Number("baseline") ?? 0, "0.###")}");
    }
}
