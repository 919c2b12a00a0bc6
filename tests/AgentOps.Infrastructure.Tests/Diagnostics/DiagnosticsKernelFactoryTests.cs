using System.Text;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Tests.Mail;
using AgentOps.Infrastructure.Tests.Tools.Logs;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Logs;

namespace AgentOps.Infrastructure.Tests.Diagnostics;

public sealed class DiagnosticsKernelFactoryTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly TempLogFolder _folder = new();

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task CreateInvoker_Seed004EmailWithAttachedLog_NamesTheExpiredKeyFromTheAttachmentOffline()
    {
        // Arrange
        var harness = new IntakeHarness();
        var missing = Path.Combine(_folder.Path, "postgresql.log");
        var big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 8_000).Select(i => $"2026-11-23T08:{i % 60:00}:00Z INFO  [cache] miss key=cart:{i}\n")));
        var eml = Seed004WithAttachments(
            ("payments.log", "text/plain", Encoding.UTF8.GetBytes(PaymentsLog())),
            ("core.log", "application/octet-stream", [0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0]),
            ("big.log", "text/plain", big));
        var outcome = await harness.Service.ProcessAsync(new MemoryStream(eml), IntakeContext.Cli);
        var incident = (await harness.Store.FindAsync(outcome.IncidentId!))!;
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Application, Title = "application" });
        incident.Tracks.Add(new Track { Number = 2, Kind = TrackKind.Database, Title = "database" });
        var tools = new ToolsOptions { Logs = new LogSourcesOptions { Sources = [new() { Name = "postgresql", Path = missing, Tracks = ["Database"] }] } };
        var runner = new InvestigationRunner(OfflinePlaybooks.All(), new RootCauseCorrelator(), harness.Time);

        // Act
        var result = await runner.RunAsync(incident, new DiagnosticsKernelFactory(_http, harness.Time).CreateInvoker(tools));

        // Assert
        Assert.Equal(FindingCategories.AppExpiredApiKey, result.Analysis.Category);
        var finding = Assert.Single(incident.Tracks[0].Findings, f => f.Category == FindingCategories.AppExpiredApiKey);
        Assert.Equal("attachment:payments.log (attached to the email by the reporter (read whole)); attachment:big.log (attached to the email by the reporter (read whole))", finding.Data["log_sources"]);
        Assert.Contains("attachment:payments.log:", finding.Evidence[0].Excerpt, StringComparison.Ordinal);
        var notes = incident.Timeline.Where(e => e.Kind == "note").Select(e => e.Message).ToList();
        Assert.Contains(
            "Log sources of track #1 (Application), read in this order: 1. attachment:payments.log: attached to the email by the reporter (read whole); 2. attachment:big.log: attached to the email by the reporter (read whole). "
            + "Searches centre on 2026-11-23 08:00–2026-11-23 13:00 UTC, around the incident start: \"depuis 10h\" in the email body (2026-11-23 09:00 UTC).",
            notes);
        Assert.Contains(notes, n => n.StartsWith("Attachment core.log is not read as a log: binary content", StringComparison.Ordinal));
        Assert.Contains("Attachment big.log was cut at intake (size cap): its log is partial, later lines are missing.", notes);
        Assert.Contains($"Log source postgresql is missing: no file or folder at '{missing}'.", notes);
        Assert.DoesNotContain(notes, n => n.Contains("track #2 (Database), read in this order: 1. attachment", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateInvoker_TaggedSources_EachTrackReadsItsOwnLogsAndTheUntaggedOnes()
    {
        // Arrange
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero));
        var postgres = _folder.Write("postgresql.log", "2026-11-23 09:01:02.000 UTC [411] ERROR:  deadlock detected\n");
        var payments = _folder.Write("payments.log", "2026-11-23T09:02:00Z INFO payment ok\n");
        var shared = _folder.Write("shared.log", "2026-11-23T09:03:00Z INFO deploy 42 done\n");
        var incident = new Incident { Id = "INC-2026-0010", Title = "Checkout is slow", CreatedAt = time.GetUtcNow() };
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Database, Title = "database" });
        incident.Tracks.Add(new Track { Number = 2, Kind = TrackKind.Application, Title = "application" });
        var tools = new ToolsOptions
        {
            Logs = new LogSourcesOptions
            {
                Paths = [shared],
                Sources =
                [
                    new() { Name = "postgres", Path = postgres, Tracks = ["Database"] },
                    new() { Name = "payments-api", Path = payments, Tracks = ["Application"], Services = ["checkout"] },
                ],
            },
        };
        var runner = new InvestigationRunner(OfflinePlaybooks.All(), new RootCauseCorrelator(), time);

        // Act
        await runner.RunAsync(incident, new DiagnosticsKernelFactory(_http, time).CreateInvoker(tools));

        // Assert
        var blocking = Assert.Single(incident.Tracks[0].Findings, f => f.Category == FindingCategories.DbBlocking);
        Assert.Equal("postgres (tagged for Database tracks); shared.log (untagged: read by every track)", blocking.Data["log_sources"]);
        var notes = incident.Timeline.Where(e => e.Kind == "note").Select(e => e.Message).ToList();
        Assert.Contains(notes, n => n.StartsWith("Log sources of track #1 (Database), read in this order: 1. postgres: tagged for Database tracks; 2. shared.log: untagged", StringComparison.Ordinal));
        Assert.Contains("Log sources left out of this Database track: payments-api (tagged Application).", notes);
        Assert.Contains(notes, n => n.StartsWith("Log sources of track #2 (Application), read in this order: 1. payments-api: service 'checkout' named in the incident title; tagged for Application tracks; 2. shared.log", StringComparison.Ordinal));
        Assert.Contains("Log sources left out of this Application track: postgres (tagged Database).", notes);
        Assert.DoesNotContain(incident.Tracks[1].Findings, f => f.Category == FindingCategories.DbBlocking);
    }

    [Fact]
    public async Task CreateInvoker_NoLogSourceAndNoAttachment_AddsNoLogToolAndNoNote()
    {
        // Arrange
        var incident = new Incident { Id = "INC-2026-0009", Title = "Checkout fails", CreatedAt = DateTimeOffset.UnixEpoch };
        incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Application, Title = "application" });
        var runner = new InvestigationRunner(OfflinePlaybooks.All(), new RootCauseCorrelator(), TimeProvider.System);

        // Act
        await runner.RunAsync(incident, new DiagnosticsKernelFactory(_http, TimeProvider.System).CreateInvoker(new ToolsOptions()));

        // Assert
        Assert.DoesNotContain(incident.Timeline, e => e.Kind == "note");
    }

    /// <summary>The seed-004 log: a payment provider starts rejecting the expired key at 09:00 UTC, payments answer 500.</summary>
    internal static string PaymentsLog()
    {
        var lines = new List<string>();
        var at = new DateTimeOffset(2026, 11, 23, 8, 55, 0, TimeSpan.Zero);
        for (var order = 1000; order < 1040; order++, at = at.AddSeconds(15))
        {
            var stamp = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            if (at < new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero))
            {
                lines.Add($"{stamp} INFO  [payments] POST /api/payments order={order} status=200 duration_ms=84");
                continue;
            }

            lines.Add($"{stamp} WARN  [stripe-client] provider=stripe POST https://api.stripe.com/v1/charges -> 401 {{\"error\":{{\"code\":\"api_key_expired\",\"message\":\"Expired API Key provided: sk_live_****4f2a\"}}}}");
            lines.Add($"{stamp} ERROR [payments] POST /api/payments order={order} status=500 error=\"PaymentProviderException: authentication with provider failed\"");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static byte[] Seed004WithAttachments(params (string Name, string ContentType, byte[] Content)[] attachments)
    {
        var text = new StringBuilder(
            "From: Jean Martin <support@client-existant.fr>\r\nTo: urgence@agence.fr\r\nSubject: =?UTF-8?Q?URGENT_-_Paiements_bloqu=C3=A9s_!!!?=\r\n"
            + "Date: Mon, 23 Nov 2026 10:12:00 +0100\r\nMessage-ID: <seed-004-log@client-existant.fr>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + TestMail.SeedBody);
        foreach (var (name, type, content) in attachments)
        {
            text.Append($"--b1\r\nContent-Type: {type}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .Append(Convert.ToBase64String(content, Base64FormattingOptions.InsertLineBreaks)).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(text.Append("--b1--\r\n").ToString());
    }
}
