using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentOps.Core.Orchestration.Dispatch;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Communication;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Orchestration;
using AgentOps.Infrastructure.Storage;
using AgentOps.Infrastructure.Tools.Logs;
using AgentOps.Infrastructure.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentOps.Benchmarks.Orchestration;

/// <summary>
/// <c>pipeline-latency [count] [--settings appsettings.json]</c>: a host wired as <c>serve</c> wires the pipeline (SQLite
/// store, drop-folder intake worker, pipeline worker, offline analysts) in a temporary folder; emails like seed 004 are
/// dropped one at a time, each once the previous one is acknowledged. Measures, from the rename into the inbox: the
/// incident saved by intake (the baseline, same run) and the acknowledgement queued in the outbox by the pipeline.
/// </summary>
internal static class PipelineLatencyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 200;
        var settingsIndex = Array.IndexOf(args, "--settings");
        var settings = Path.GetFullPath(settingsIndex >= 0 ? args[settingsIndex + 1] : "appsettings.json");
        var root = Path.Combine(Path.GetTempPath(), $"agentops-pipeline-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(settings, optional: false)
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Storage:SqlitePath"] = Path.Combine(root, "agentops.db"),
                    ["Mail:InboxPath"] = "inbox",
                    ["Mail:PollInterval"] = "00:00:01",
                    ["Intake:BurstWindow"] = "00:00:00",
                    ["Pipeline:PollInterval"] = "00:00:01",
                    ["Pipeline:NodeId"] = "bench",
                })
                .Build();
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root });
            builder.Configuration.AddConfiguration(configuration);
            builder.Services.AddLogging();
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddAgentOpsStorage(configuration);
            builder.Services.AddAgentOpsTriage(configuration);
            builder.Services.AddAgentOpsIntake(configuration);
            builder.Services.AddLogTools(configuration);
            builder.Services.AddAgentOpsDiagnostics(configuration);
            builder.Services.AddAgentOpsCommunication(configuration);
            builder.Services.AddSingleton(sp => new WorkDispatcher(new DispatcherOptions(), sp.GetRequiredService<TimeProvider>()));
            builder.Services.AddAgentOpsPipeline(configuration);
            using var host = builder.Build();
            await host.StartAsync().ConfigureAwait(false);
            var store = host.Services.GetRequiredService<IIncidentStore>();
            var inbox = Path.Combine(root, host.Services.GetRequiredService<IOptions<MailOptions>>().Value.InboxPath);
            Directory.CreateDirectory(inbox);
            var toIncident = new List<double>();
            var toAck = new List<double>();
            var total = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var messageId = $"{Guid.NewGuid():N}@client-existant.fr";
                var draft = Path.Combine(inbox, $"{i:D4}.tmp");
                await File.WriteAllBytesAsync(draft, Email(i, messageId)).ConfigureAwait(false);
                var dropped = TimeProvider.System.GetUtcNow();
                File.Move(draft, Path.ChangeExtension(draft, ".eml"));
                var (incidentAt, ackAt) = await WaitForAcknowledgementAsync(store, messageId, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                toIncident.Add((incidentAt - dropped).TotalMilliseconds);
                toAck.Add((ackAt - dropped).TotalMilliseconds);
            }

            total.Stop();
            await host.StopAsync().ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} mails in {total.Elapsed.TotalSeconds:0.0} s, one at a time"));
            Console.WriteLine("| Measure (from the .eml rename) | p50 | p95 | p99 | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            Print("Incident saved by intake (baseline)", toIncident);
            Print("Acknowledgement queued by the pipeline", toAck);
            Print("Pipeline share (ack − incident)", toAck.Zip(toIncident, (a, b) => a - b).ToList());
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(DateTimeOffset Incident, DateTimeOffset Ack)> WaitForAcknowledgementAsync(IIncidentStore store, string messageId, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await store.FindIncidentByMessageIdAsync(messageId).ConfigureAwait(false) is { } id)
            {
                var ack = (await store.ListOutboxAsync(id).ConfigureAwait(false)).FirstOrDefault(m => m.Kind == "email");
                if (ack is not null)
                {
                    var incident = await store.FindAsync(id).ConfigureAwait(false);
                    return (incident!.CreatedAt, ack.CreatedAt);
                }
            }

            await Task.Delay(2).ConfigureAwait(false);
        }

        throw new TimeoutException($"No acknowledgement for {messageId} within {timeout.TotalSeconds} s.");
    }

    private static byte[] Email(int i, string messageId)
    {
        var eml = $"""
            From: Jean Martin <support@client-existant.fr>
            To: urgence@agence.fr
            Subject: =?utf-8?Q?URGENT_-_Paiements_bloqu=C3=A9s_!!!?= (boutique {i})
            Date: {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)}
            Message-ID: <{messageId}>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Les clients ne peuvent plus payer depuis 10h ce matin !
            Message d'erreur: "Erreur 500 lors du paiement"

            C'est CRITIQUE, nous perdons des ventes !

            Jean Martin
            DSI

            """;
        return Encoding.UTF8.GetBytes(eml.ReplaceLineEndings("\r\n"));
    }

    private static void Print(string name, List<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {At(0.50):0} ms | {At(0.95):0} ms | {At(0.99):0} ms | {sorted[^1]:0} ms |"));
    }
}
