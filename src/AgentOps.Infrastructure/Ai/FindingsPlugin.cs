using System.ComponentModel;
using AgentOps.Core.Diagnostics;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Ai;

/// <summary>The only "write" tool of a track agent: it records a finding of the track, nothing else.</summary>
internal sealed class FindingsPlugin
{
    private readonly FindingRecorder _recorder;

    public FindingsPlugin(FindingRecorder recorder)
    {
        _recorder = recorder;
    }

    [KernelFunction("report_finding"), Description("Records one finding of this investigation track, backed by evidence copied from a tool output.")]
    public string ReportFinding(
        [Description("Category tag, e.g. db.missing-index, db.pool-saturated, db.seq-scan, db.slow-query, db.recent-migration, cache.pool-exhausted, cache.evictions, net.unhealthy, metrics.latency-high, metrics.error-rate-high, app.expired-api-key.")] string category,
        [Description("The claim in one sentence.")] string claim,
        [Description("Confidence from 0 (guess) to 1 (certain).")] double confidence,
        [Description("The tool the evidence comes from, e.g. postgres.missing_index_candidates.")] string source,
        [Description("The evidence: values or text copied from the tool output.")] string evidence,
        [Description("Table name when the finding is about one table, else empty.")] string? table = null,
        [Description("Column name when the finding is about one column, else empty.")] string? column = null)
    {
        var data = new Dictionary<string, string>();
        if (!string.IsNullOrWhiteSpace(table))
        {
            data["table"] = table.Trim();
        }

        if (!string.IsNullOrWhiteSpace(column))
        {
            data["column"] = column.Trim();
        }

        var finding = _recorder.Add(category.Trim().ToLowerInvariant(), claim, confidence, source, evidence, data);
        return $"recorded {finding.Id}";
    }
}
