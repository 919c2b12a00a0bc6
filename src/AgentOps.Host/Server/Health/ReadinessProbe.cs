using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Mail;
using MailKit.Net.Imap;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;

namespace AgentOps.Host.Server.Health;

/// <summary>
/// <c>/readyz</c>: checks the store (one aggregate query), the Quartz scheduler (started, not in standby or shut down)
/// and, when IMAP is enabled, the mailbox (connect and log in, 5 s at most). 200 with one JSON entry per check, or 503
/// problem details carrying the same entries.
/// </summary>
public sealed class ReadinessProbe(IServiceProvider services, TimeProvider time)
{
    /// <summary>How long the mailbox check may take.</summary>
    public static readonly TimeSpan MailboxTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps <c>GET /readyz</c>.</summary>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/readyz", async (HttpContext http, CancellationToken ct) =>
        {
            var checks = await http.RequestServices.GetRequiredService<ReadinessProbe>().RunAsync(ct).ConfigureAwait(false);
            var body = checks.ToDictionary(c => c.Key, c => (object)new { status = c.Value.Status, duration_ms = c.Value.DurationMs, detail = c.Value.Detail });
            if (checks.Values.All(c => c.Healthy))
            {
                return Results.Json(new { status = "ready", checks = body });
            }

            var failed = string.Join(", ", checks.Where(c => !c.Value.Healthy).Select(c => c.Key));
            return Results.Problem($"Not ready: {failed}.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "not ready",
                extensions: new Dictionary<string, object?> { ["checks"] = body });
        }).WithTags("operations");

    /// <summary>Runs every check.</summary>
    public async Task<IReadOnlyDictionary<string, ReadinessCheck>> RunAsync(CancellationToken cancellationToken)
    {
        return new Dictionary<string, ReadinessCheck>
        {
            ["store"] = await TimedAsync(CheckStoreAsync, cancellationToken).ConfigureAwait(false),
            ["scheduler"] = await TimedAsync(CheckSchedulerAsync, cancellationToken).ConfigureAwait(false),
            ["mailbox"] = await TimedAsync(CheckMailboxAsync, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<(string, string)> CheckStoreAsync(CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IIncidentStore>();
        await store.ListVersionsAsync(new IncidentQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false);
        return ("ok", store is AgentOps.Infrastructure.Storage.SqlIncidentStore sql ? sql.Description : store.GetType().Name);
    }

    private async Task<(string, string)> CheckSchedulerAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return ("not configured", "no Quartz scheduler registered");
        }

        var scheduler = await factory.GetScheduler(cancellationToken).ConfigureAwait(false);
        var status = await scheduler.GetStatus(cancellationToken).ConfigureAwait(false);
        return (status == SchedulerStatus.Running ? "ok" : "failed", $"scheduler {scheduler.SchedulerName} {status}");
    }

    private async Task<(string, string)> CheckMailboxAsync(CancellationToken cancellationToken)
    {
        var imap = services.GetRequiredService<IOptions<ImapOptions>>().Value;
        if (!imap.Enabled)
        {
            return ("not configured", "Mail:Imap:Enabled is false");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(MailboxTimeout);
        using var client = new ImapClient { Timeout = (int)MailboxTimeout.TotalMilliseconds };
        if (imap.AcceptAnyCertificate)
        {
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        await client.ConnectAsync(imap.Host, imap.Port, imap.Security, timeout.Token).ConfigureAwait(false);
        await client.AuthenticateAsync(imap.Username, imap.Password, timeout.Token).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
        return ("ok", $"IMAP {imap.Host}:{imap.Port} login as {imap.Username}");
    }

    private async Task<ReadinessCheck> TimedAsync(Func<CancellationToken, Task<(string Status, string Detail)>> check, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            var (status, detail) = await check(cancellationToken).ConfigureAwait(false);
            return new ReadinessCheck(status, Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1), detail);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ReadinessCheck("failed", Math.Round(time.GetElapsedTime(started).TotalMilliseconds, 1), $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
