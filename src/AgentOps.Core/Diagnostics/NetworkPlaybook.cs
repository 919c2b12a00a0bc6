using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>Offline analyst of the network track: health endpoints and latency probes of the configured HTTP targets.</summary>
public sealed class NetworkPlaybook : Playbook
{
    /// <summary>p95 latency, in ms, from which a target counts as slow. 1 000.</summary>
    public const double SlowP95Ms = 1_000;

    /// <inheritdoc />
    public override TrackKind Kind => TrackKind.Network;

    /// <inheritdoc />
    protected override async Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        var health = Usable(await CallAsync(context, "http", "health", cancellationToken).ConfigureAwait(false), recorder);
        var latency = Usable(await CallAsync(context, "http", "latency_probe", cancellationToken).ConfigureAwait(false), recorder);
        var before = recorder.Findings.Count;
        ReadHealth(health, recorder);
        ReadLatency(latency, recorder);
        if ((health is not null || latency is not null) && recorder.Findings.Skip(before).All(f => FindingCategories.IsNeutral(f.Category)))
        {
            recorder.Add(FindingCategories.NetOk, "All HTTP targets answer healthy and fast.", 0.6, "http", health?.Raw ?? latency!.Raw);
        }
    }

    /// <summary>Unhealthy targets → <see cref="FindingCategories.NetUnhealthy"/>.</summary>
    internal static void ReadHealth(ToolOutput? output, FindingRecorder recorder)
    {
        foreach (var target in output?.Items("targets") ?? [])
        {
            if (target.TryGetProperty("healthy", out var healthy) && healthy.ValueKind == System.Text.Json.JsonValueKind.True)
            {
                continue;
            }

            var name = ToolOutput.Text(target, "name") ?? ToolOutput.Text(target, "url") ?? "?";
            var status = ToolOutput.Text(target, "status") ?? "no answer";
            var error = ToolOutput.Text(target, "error");
            recorder.Add(
                FindingCategories.NetUnhealthy,
                $"Health check of {name} fails: {(error ?? $"HTTP {status}")}.",
                0.7,
                output!.Source,
                $"url={ToolOutput.Text(target, "url")} status={status} latency_ms={ToolOutput.Text(target, "latency_ms")} body={ToolOutput.Text(target, "body_excerpt")} error={error}",
                new Dictionary<string, string> { ["target"] = name });
        }
    }

    /// <summary>Slow or failing latency probes → <see cref="FindingCategories.NetLatencyHigh"/>.</summary>
    internal static void ReadLatency(ToolOutput? output, FindingRecorder recorder)
    {
        foreach (var target in output?.Items("targets") ?? [])
        {
            var p95 = ToolOutput.Number(target, "p95_ms") ?? 0;
            var errors = ToolOutput.Number(target, "errors") ?? 0;
            var count = ToolOutput.Number(target, "count") ?? 0;
            if (p95 < SlowP95Ms && errors == 0)
            {
                continue;
            }

            var name = ToolOutput.Text(target, "name") ?? "?";
            recorder.Add(
                FindingCategories.NetLatencyHigh,
                $"{name} is slow or failing: p95 {F(p95, "0")} ms, {F(errors, "0")} of {F(count, "0")} requests failed.",
                0.65,
                output!.Source,
                $"p50_ms={ToolOutput.Text(target, "p50_ms")} p95_ms={F(p95, "0")} max_ms={ToolOutput.Text(target, "max_ms")} errors={F(errors, "0")} first_error={ToolOutput.Text(target, "first_error")}",
                new Dictionary<string, string> { ["target"] = name });
        }
    }
}
