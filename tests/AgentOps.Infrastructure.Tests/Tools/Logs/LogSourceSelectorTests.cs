using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tools.Logs;

namespace AgentOps.Infrastructure.Tests.Tools.Logs;

public sealed class LogSourceSelectorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempLogFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Select_TaggedSources_TrackSeesItsOwnAndTheUntaggedAndNotesTheOthers()
    {
        // Arrange
        var options = Options();

        // Act
        var database = LogSourceSelector.Select(options, Context("Checkout is slow"), TrackKind.Database);
        var application = LogSourceSelector.Select(options, Context("Checkout is slow"), TrackKind.Application);

        // Assert
        Assert.Equal(["postgres", "shared.log"], database.Sources.Select(s => LogSourceSelection.Display(s.Source)));
        Assert.Equal("tagged for Database tracks", database.Sources[0].Reason);
        Assert.Equal("untagged: read by every track", database.Sources[1].Reason);
        Assert.Contains(database.Notes, n => n.Contains("left out of this Database track: payments-api (tagged Application)", StringComparison.Ordinal));
        Assert.Equal(["payments-api", "shared.log"], application.Sources.Select(s => LogSourceSelection.Display(s.Source)));
    }

    [Fact]
    public void Select_ServiceNamedInTheEmail_RanksItsSourceFirstWithTheReason()
    {
        // Arrange
        var options = new LogSourcesOptions
        {
            Paths = [_folder.Write("shared.log", "x\n")],
            Sources =
            [
                new() { Name = "orders", Path = _folder.Write("orders.log", "x\n"), Services = ["orders"] },
                new() { Name = "payments-api", Path = _folder.Write("payments-api.log", "x\n"), Services = ["payments", "paiements"], Hosts = ["pay-01"] },
            ],
        };
        var context = Context("URGENT - Paiements bloqués", ("the email body", "Erreur 500 sur pay-01"));

        // Act
        var selection = LogSourceSelector.Select(options, context, TrackKind.Application);

        // Assert
        Assert.Equal(["payments-api", "shared.log", "orders"], selection.Sources.Select(s => LogSourceSelection.Display(s.Source)));
        Assert.Equal("service 'paiements' named in the email subject; host 'pay-01' named in the email body", selection.Sources[0].Reason);
        Assert.Equal("covers orders, not named in the incident", selection.Sources[2].Reason);
    }

    [Fact]
    public void Select_ServiceNamedAsAnEntityOrAnImpact_SaysSo()
    {
        // Arrange
        var options = new LogSourcesOptions
        {
            Sources =
            [
                new() { Name = "payments", Path = _folder.Write("payments.log", "x\n"), Services = ["payments"] },
                new() { Name = "billing", Path = _folder.Write("billing.log", "x\n"), Services = ["billing"] },
            ],
        };
        var named = Context("payments-api answers 500");
        var impact = Context("Clients cannot pay") with { Entities = [new IncidentEntity(IncidentEntityKinds.Impact, "billing", "the triage")] };

        // Act
        var byEntity = LogSourceSelector.Select(options, named, TrackKind.Application);
        var byImpact = LogSourceSelector.Select(options, impact, TrackKind.Application);

        // Assert
        Assert.Equal("service 'payments' named in the incident title (service 'payments-api')", byEntity.Sources[0].Reason);
        Assert.Equal("service 'billing': the triage found a 'billing' impact", byImpact.Sources[0].Reason);
    }

    [Fact]
    public void Select_NoIncident_ConfigurationOrderNoWindowNoAttachment()
    {
        // Act
        var selection = LogSourceSelector.Configured(Options());

        // Assert
        Assert.Equal(["shared.log", "payments-api", "postgres"], selection.Sources.Select(s => LogSourceSelection.Display(s.Source)));
        Assert.Null(selection.Window);
        Assert.False(selection.ForIncident);
    }

    [Fact]
    public void Select_Attachments_FirstForTheApplicationTrackOnly()
    {
        // Arrange
        var context = Context("Paiements bloqués") with { Attachments = [new IncidentAttachment("stripe.log", "text/plain", "2026-03-02T09:00:00Z ERROR x\n", false)] };

        // Act
        var application = LogSourceSelector.Select(Options(), context, TrackKind.Application);
        var database = LogSourceSelector.Select(Options(), context, TrackKind.Database);
        var off = LogSourceSelector.Select(new LogSourcesOptions { AttachmentsAsSources = false }, context, TrackKind.Application);

        // Assert
        Assert.Equal("attachment:stripe.log", application.Sources[0].Source.Name);
        Assert.Equal(LogSourceKind.Attachment, application.Sources[0].Source.Kind);
        Assert.DoesNotContain(database.Sources, s => s.Source.Kind == LogSourceKind.Attachment);
        Assert.Empty(off.Sources);
    }

    [Fact]
    public void Select_BinaryEmptyHugeOrCutAttachments_BecomeNotesWithTheReason()
    {
        // Arrange
        var huge = string.Join('\n', Enumerable.Repeat("2026-03-02T09:00:00Z INFO filler line", 100));
        var context = Context("Paiements bloqués") with
        {
            Attachments =
            [
                new IncidentAttachment("core.log", "text/plain", "ELF\0\0\u0001\u0002garbage", false),
                new IncidentAttachment("empty.log", "text/plain", "  ", false),
                new IncidentAttachment("huge.log", "text/plain", huge, true),
            ],
        };
        var options = new LogSourcesOptions { MaxAttachmentChars = 1024 };

        // Act
        var selection = LogSourceSelector.Select(options, context, TrackKind.Application);

        // Assert
        var kept = Assert.Single(selection.Sources);
        Assert.Equal(1024, kept.Source.Content.Length);
        Assert.Contains(selection.Notes, n => n.StartsWith("Attachment core.log is not read as a log: binary content (NUL characters)", StringComparison.Ordinal));
        Assert.Contains(selection.Notes, n => n.StartsWith("Attachment empty.log is empty", StringComparison.Ordinal));
        Assert.Contains(selection.Notes, n => n.Contains("huge.log is 3,799 characters: only its first 1,024 are read", StringComparison.Ordinal));
        Assert.Contains(selection.Notes, n => n.Contains("huge.log was cut at intake", StringComparison.Ordinal));
    }

    [Fact]
    public void Select_MissingFile_StaysASourceWithANote()
    {
        // Arrange
        var gone = Path.Combine(_folder.Path, "gone.log");

        // Act
        var selection = LogSourceSelector.Select(new LogSourcesOptions { Paths = [gone] }, Context("x"), TrackKind.Application);

        // Assert
        Assert.Single(selection.Sources);
        Assert.Equal($"Log source gone.log is missing: no file or folder at '{gone}'.", Assert.Single(selection.Notes));
    }

    [Fact]
    public void Select_Incident_WindowAroundItsStart()
    {
        // Arrange
        var options = new LogSourcesOptions { WindowBefore = TimeSpan.FromMinutes(30), WindowAfter = TimeSpan.FromHours(2) };

        // Act
        var window = LogSourceSelector.Select(options, Context("x"), TrackKind.Application).Window;
        var none = LogSourceSelector.Select(new LogSourcesOptions { UseIncidentWindow = false }, Context("x"), TrackKind.Application).Window;

        // Assert
        Assert.Equal((Start.AddMinutes(-30), Start.AddHours(2), "the test"), (window!.From, window.To, window.Reason));
        Assert.Null(none);
    }

    [Fact]
    public void Validate_BadSources_ListsEachProblem()
    {
        // Arrange
        var options = new LogSourcesOptions
        {
            Sources =
            [
                new() { Name = "both", Path = "/var/log/a.log", LokiQuery = "{app=\"a\"}" },
                new() { Name = "neither" },
                new() { Name = "db", Path = "/var/log/db.log", Tracks = ["Databse"] },
                new() { Name = "DB", Path = "/var/log/db2.log" },
            ],
            AttachmentTracks = ["Apps"],
        };

        // Act
        var errors = LogSourceSelector.Validate(options).ToList();

        // Assert
        Assert.Contains("Sources:0 (both): set exactly one of Path and LokiQuery.", errors);
        Assert.Contains("Sources:1 (neither): set exactly one of Path and LokiQuery.", errors);
        Assert.Contains(errors, e => e.StartsWith("Sources:2 (db): unknown track 'Databse'", StringComparison.Ordinal));
        Assert.Contains("AttachmentTracks: unknown track 'Apps'.", errors);
        Assert.Contains("Sources: the name 'db' is used twice.", errors);
        Assert.Empty(LogSourceSelector.Validate(Options()));
    }

    private LogSourcesOptions Options() => new()
    {
        Paths = [_folder.Write("shared.log", "x\n")],
        Sources =
        [
            new() { Name = "payments-api", Path = _folder.Write("payments-api.log", "x\n"), Tracks = ["Application"] },
            new() { Name = "postgres", Path = _folder.Write("postgresql.log", "x\n"), Tracks = ["database"] },
        ],
    };

    private static IncidentContext Context(string title, params (string Where, string Text)[] texts) =>
        new("INC-2026-0001", Start, "the test")
        {
            Texts = [new IncidentText("the email subject", title), .. texts.Select(t => new IncidentText(t.Where, t.Text))],
            Entities = IncidentEntityExtractor.Extract(title, "the incident title"),
        };
}
