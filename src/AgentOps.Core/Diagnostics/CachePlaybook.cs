using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>Offline analyst of the cache track (Redis): clients against <c>maxclients</c>, memory, evictions and <c>SLOWLOG</c>;
/// and, in the log sources of the track, the server's own refusals (max number of clients reached, OOM).</summary>
public sealed class CachePlaybook : Playbook
{
    /// <summary>Share of <c>maxclients</c> in use from which the pool counts as exhausted. 0.9.</summary>
    public const double ExhaustedRatio = 0.9;

    /// <summary>A slow-log entry above this many microseconds counts. 10 000 (10 ms).</summary>
    public const double SlowCommandMicros = 10_000;

    /// <inheritdoc />
    public override TrackKind Kind => TrackKind.Cache;

    /// <inheritdoc />
    protected override async Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        var before = recorder.Findings.Count;
        await LogSignatures.CheckAsync(context, LogSignatures.Cache, recorder, cancellationToken).ConfigureAwait(false);
        var clients = await CallAsync(context, "redis", "clients", cancellationToken).ConfigureAwait(false);
        if (clients is null)
        {
            return;
        }

        if (!clients.Ok)
        {
            // A refused connection can itself be the evidence (max number of clients reached).
            if (!ReadRefusal(clients, recorder))
            {
                Usable(clients, recorder);
            }

            return;
        }

        ReadClients(clients, recorder);
        ReadMemory(Usable(await CallAsync(context, "redis", "memory", cancellationToken).ConfigureAwait(false), recorder), recorder);
        ReadSlowlog(Usable(await CallAsync(context, "redis", "slowlog", cancellationToken).ConfigureAwait(false), recorder), recorder);
        if (recorder.Findings.Skip(before).All(f => FindingCategories.IsNeutral(f.Category)))
        {
            recorder.Add(FindingCategories.CacheOk, "Redis looks healthy: clients, memory and slow log within limits.", 0.5, "redis", "all checks passed");
        }
    }

    /// <summary>A connection refused because <c>maxclients</c> is reached → <see cref="FindingCategories.CachePoolExhausted"/>.</summary>
    /// <returns>Whether the refusal was about the client limit.</returns>
    internal static bool ReadRefusal(ToolOutput output, FindingRecorder recorder)
    {
        var limit = output.Root.ValueKind == System.Text.Json.JsonValueKind.Object
            && output.Root.TryGetProperty("max_clients_reached", out var reached) && reached.ValueKind == System.Text.Json.JsonValueKind.True;
        if (!limit)
        {
            return false;
        }

        recorder.Add(
            FindingCategories.CachePoolExhausted,
            "Redis refuses new connections: the maximum number of clients (maxclients) is reached, so callers time out waiting for a connection.",
            0.9,
            output.Source,
            output.Error ?? "max number of clients reached");
        return true;
    }

    /// <summary>Clients against <c>maxclients</c> and rejected connections → <see cref="FindingCategories.CachePoolExhausted"/>.</summary>
    internal static void ReadClients(ToolOutput output, FindingRecorder recorder)
    {
        var connected = output.Number("connected_clients") ?? 0;
        var max = output.Number("maxclients") ?? 0;
        var rejected = output.Number("rejected_connections") ?? 0;
        var ratio = max > 0 ? connected / max : 0;
        if (rejected <= 0 && ratio < ExhaustedRatio)
        {
            return;
        }

        var confidence = rejected > 0 && ratio >= ExhaustedRatio ? 0.95 : rejected > 0 ? 0.8 : 0.7;
        recorder.Add(
            FindingCategories.CachePoolExhausted,
            $"Redis connection pool is exhausted: {F(connected, "0")} clients of maxclients {F(max, "0")}, {F(rejected, "0")} connections rejected.",
            confidence,
            output.Source,
            $"connected_clients={F(connected, "0")} maxclients={F(max, "0")} rejected_connections={F(rejected, "0")} blocked_clients={F(output.Number("blocked_clients") ?? 0, "0")}",
            new Dictionary<string, string> { ["maxclients"] = F(max, "0"), ["connected_clients"] = F(connected, "0"), ["rejected_connections"] = F(rejected, "0") });
    }

    /// <summary>Memory against <c>maxmemory</c> and evictions → <see cref="FindingCategories.CacheMemoryPressure"/>, <see cref="FindingCategories.CacheEvictions"/>.</summary>
    internal static void ReadMemory(ToolOutput? output, FindingRecorder recorder)
    {
        if (output is null)
        {
            return;
        }

        var used = output.Number("used_memory") ?? 0;
        var max = output.Number("maxmemory") ?? 0;
        var evicted = output.Number("evicted_keys") ?? 0;
        var excerpt = $"used_memory={F(used, "0")} maxmemory={F(max, "0")} fragmentation_ratio={F(output.Number("fragmentation_ratio") ?? 0)} evicted_keys={F(evicted, "0")} policy={output.Text("maxmemory_policy")}";
        if (max > 0 && used / max >= 0.9)
        {
            recorder.Add(FindingCategories.CacheMemoryPressure, $"Redis memory is nearly full: {F(used / max * 100, "0")} % of maxmemory.", 0.75, output.Source, excerpt);
        }

        if (evicted > 0)
        {
            recorder.Add(FindingCategories.CacheEvictions, $"Redis evicted {F(evicted, "0")} keys: cached data is lost and reloaded from the backend.", 0.7, output.Source, excerpt);
        }
    }

    /// <summary>Slow commands in <c>SLOWLOG</c> → <see cref="FindingCategories.CacheSlowCommands"/>.</summary>
    internal static void ReadSlowlog(ToolOutput? output, FindingRecorder recorder)
    {
        var slow = (output?.Items("entries") ?? []).Where(e => (ToolOutput.Number(e, "duration_us") ?? 0) >= SlowCommandMicros).ToList();
        if (slow.Count == 0)
        {
            return;
        }

        var worst = slow.MaxBy(e => ToolOutput.Number(e, "duration_us") ?? 0);
        recorder.Add(
            FindingCategories.CacheSlowCommands,
            $"{slow.Count} slow Redis command(s) in SLOWLOG; worst {F((ToolOutput.Number(worst, "duration_us") ?? 0) / 1000, "0.#")} ms: {ToolOutput.Text(worst, "command")}.",
            0.6,
            output!.Source,
            string.Join("; ", slow.Take(3).Select(e => $"{ToolOutput.Text(e, "command")} {ToolOutput.Text(e, "duration_us")} us")),
            observedSince: slow.Select(e => ToolOutput.Time(e, "at")).Where(t => t.HasValue).Min());
    }
}
