using System.Globalization;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Logs;

namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>
/// Seed <c>004</c>: a payment service writes its log live; at the incident start its payment provider begins to reject
/// the expired API key and every payment answers HTTP 500, among unrelated noise (cache misses, an SMTP timeout).
/// The engine must name the expired API key.
/// </summary>
public sealed class ExpiredKeyDrill : IDrill
{
    private readonly DrillInvestigation _investigation;

    public ExpiredKeyDrill(DrillInvestigation investigation)
    {
        _investigation = investigation;
    }

    /// <inheritdoc />
    public string Name => "expired-key";

    /// <inheritdoc />
    public string Description => "A payment provider starts rejecting an expired API key; payments answer HTTP 500.";

    /// <summary>Healthy traffic before the key expires. Default 1 s.</summary>
    public TimeSpan Healthy { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the incident runs before the investigation starts. Default 2 s.</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<DrillResult> RunAsync(CancellationToken cancellationToken)
    {
        var time = _investigation.Time;
        var drillStart = time.GetTimestamp();
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-drill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, "payments.log");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expiry = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = WriteLogAsync(log, time, expiry, stop.Token);
        try
        {
            var incidentStart = await expiry.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(WarmUp, time, cancellationToken).ConfigureAwait(false);
            var tools = new ToolsOptions { Logs = new LogSourcesOptions { Paths = [log] } };
            var (result, _) = await _investigation.InvestigateAsync(
                Name,
                "Customers cannot pay: checkout fails with an error 500",
                [TrackKind.Application],
                tools,
                FindingCategories.AppExpiredApiKey,
                "expired",
                incidentStart,
                drillStart,
                cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task WriteLogAsync(string path, TimeProvider time, TaskCompletionSource<DateTimeOffset> expiry, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        await using (stream.ConfigureAwait(false))
        {
            await using var writer = new StreamWriter(stream) { AutoFlush = true };
            var started = time.GetTimestamp();
            var order = 1000;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var now = time.GetUtcNow();
                    var at = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                    order++;
                    if (time.GetElapsedTime(started) < Healthy)
                    {
                        await writer.WriteLineAsync($"{at} INFO  [payments] POST /api/payments order={order} status=200 duration_ms={80 + (order % 40)}").ConfigureAwait(false);
                    }
                    else
                    {
                        expiry.TrySetResult(now);
                        await writer.WriteLineAsync($"{at} WARN  [stripe-client] provider=stripe POST https://api.stripe.com/v1/charges -> 401 {{\"error\":{{\"code\":\"api_key_expired\",\"message\":\"Expired API Key provided: sk_live_****4f2a\"}}}}").ConfigureAwait(false);
                        await writer.WriteLineAsync($"{at} ERROR [payments] POST /api/payments order={order} status=500 error=\"PaymentProviderException: authentication with provider failed\"").ConfigureAwait(false);
                    }

                    if (order % 7 == 0)
                    {
                        await writer.WriteLineAsync($"{at} INFO  [cache] miss key=cart:{order}").ConfigureAwait(false);
                    }

                    if (order % 23 == 0)
                    {
                        await writer.WriteLineAsync($"{at} ERROR [mailer] SMTP timeout sending receipt order={order - 20}, will retry").ConfigureAwait(false);
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }
}
