using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using AgentOps.Core.Intake;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.LocalServers;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Storage;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AgentOps.Benchmarks.Intake;

/// <summary>
/// <c>intake-latency [--messages 200]</c>: starts a throwaway Dovecot on loopback, runs the IMAP watcher (IDLE) into the
/// intake with a SQLite store, delivers mails one by one with IMAP APPEND and measures, for each, the time from the start
/// of the APPEND to the committed incident. Prints p50, p90, p99 and max.
/// </summary>
internal static class IntakeLatencyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var index = Array.IndexOf(args, "--messages");
        var count = index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : 200;
        await using var dovecot = await DovecotServer.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-latency-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await using var store = SqlIncidentStore.ForSqlite(Path.Combine(folder, "agentops.db"));
            var mailOptions = Options.Create(new MailOptions());
            var intake = new IntakeService(
                new MimeEmailParser(mailOptions), store, IntakeThroughputCommand.Rules, new SlaPolicy(IntakeThroughputCommand.Triage),
                new ConfiguredCustomerDirectory(IntakeThroughputCommand.Triage), TimeProvider.System, new IntakeOptions());
            var imap = new ImapOptions
            {
                Host = "127.0.0.1",
                Port = dovecot.Port,
                Security = SecureSocketOptions.None,
                Username = dovecot.Username,
                Password = dovecot.Password,
                PollInterval = TimeSpan.FromMinutes(10),
            };
            var source = new ImapMailSource(intake, store, Options.Create(imap), mailOptions, TimeProvider.System, NullLogger<ImapMailSource>.Instance);
            var committed = Channel.CreateUnbounded<(IntakeOutcome Outcome, long At)>();
            using var cts = new CancellationTokenSource();
            var watcher = source.RunAsync((o, ct) => committed.Writer.WriteAsync((o, Stopwatch.GetTimestamp()), ct).AsTask(), cts.Token);

            using var sender = new ImapClient();
            await sender.ConnectAsync("127.0.0.1", dovecot.Port, SecureSocketOptions.None);
            await sender.AuthenticateAsync(dovecot.Username, dovecot.Password);
            var latencies = new List<double>(count);
            for (var i = -5; i < count; i++)
            {
                var message = new MimeMessage();
                message.From.Add(new MailboxAddress("Client", $"ops{i}@client{i % 7}.example"));
                message.To.Add(new MailboxAddress("Support", "support@agence.example"));
                message.Subject = $"URGENT - incident {i}: paiements bloqués";
                message.MessageId = $"latency-{i}@bench";
                message.Body = new TextPart("plain") { Text = $"Les clients ne peuvent plus payer depuis {i} minutes. Erreur 500.\n\nCordialement,\nJean" };
                var start = Stopwatch.GetTimestamp();
                await sender.Inbox.AppendAsync(FormatOptions.Default, new AppendRequest(message, MessageFlags.None));
                var (outcome, at) = await committed.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
                if (outcome.MessageId != message.MessageId || outcome.Status is not (IntakeStatus.Created or IntakeStatus.Updated))
                {
                    throw new InvalidOperationException($"Unexpected outcome {outcome.Status} for {outcome.MessageId}.");
                }

                if (i >= 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);
                }

                await Task.Delay(Random.Shared.Next(5, 40));
            }

            await cts.CancelAsync();
            await watcher;
            latencies.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{count} mails through Dovecot IDLE -> committed incident or burst update (SQLite): p50 {Percentile(latencies, 50):0.0} ms, p90 {Percentile(latencies, 90):0.0} ms, p99 {Percentile(latencies, 99):0.0} ms, max {latencies[^1]:0.0} ms"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Percentile(List<double> sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
