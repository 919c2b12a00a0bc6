using System.Globalization;
using System.Text.Json;
using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tools.Logs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tests.Tools.Logs;

/// <summary><see cref="LogsPlugin"/> over sources chosen for an incident: window, attachments, names, <c>logs.sources</c>.</summary>
public sealed class LogsPluginIncidentTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempLogFolder _folder = new();
    private FakeLokiServer _loki = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _loki = await FakeLokiServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logs:LokiBaseUrl"] = _loki.BaseAddress.ToString(),
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FakeTimeProvider(Now))
            .AddLogTools(configuration)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _loki.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Search_IncidentWindow_KeepsLinesInsideAndLinesWithoutTimestamp()
    {
        // Arrange
        var app = _folder.Write("app.log", "2026-03-02 06:00:00 ERROR timeout early\n2026-03-02 08:30:00 ERROR timeout inside\n  at Timeout.Frame()\n2026-03-02 14:00:00 ERROR timeout late\n");
        var plain = _folder.Write("plain.log", "timeout without any time\n");
        var plugin = Plugin(new LogSourcesOptions { Paths = [app, plain] });

        // Act
        var windowed = Matches(await plugin.SearchAsync("timeout"));
        var whole = Matches(await plugin.SearchAsync("timeout", wholeFiles: true));

        // Assert
        Assert.Equal([$"{app}:2: 2026-03-02 08:30:00 ERROR timeout inside", $"{app}:3:   at Timeout.Frame()", $"{plain}:1: timeout without any time"], windowed);
        Assert.Equal(5, whole.Count);
    }

    [Fact]
    public async Task Search_ForAnIncident_SaysWhatItSearchedAndTheWindow()
    {
        // Arrange
        var app = _folder.Write("app.log", "2026-03-02 08:30:00 ERROR timeout inside\n");
        var plugin = Plugin(new LogSourcesOptions { Paths = [app] });

        // Act
        var lines = (await plugin.SearchAsync("timeout")).Split('\n');

        // Assert
        Assert.Equal("[searched: app.log (untagged: read by every track)]", lines[0]);
        Assert.Equal("[incident window 2026-03-02 08:00–2026-03-02 13:00 UTC around the start (the test); lines without a timestamp kept, attachments read whole]", lines[1]);
    }

    [Fact]
    public async Task Search_NoLineInTheWindow_ReadsTheFileWholeAndSaysSo()
    {
        // Arrange
        var old = _folder.Write("old.log", "2024-01-01 10:00:00 ERROR timeout then\n2024-01-01 10:05:00 INFO ok\n");
        var plugin = Plugin(new LogSourcesOptions { Paths = [old] });

        // Act
        var result = await plugin.SearchAsync("timeout");

        // Assert
        Assert.Contains($"[{old}: no line in the incident window 2026-03-02 08:00–2026-03-02 13:00 UTC (its lines run 2024-01-01 10:00–2024-01-01 10:05): read whole]", result, StringComparison.Ordinal);
        Assert.Equal([$"{old}:1: 2024-01-01 10:00:00 ERROR timeout then"], Matches(result));
    }

    [Fact]
    public async Task MineTemplates_IncidentWindow_MinesOnlyTheLinesInside()
    {
        // Arrange
        var app = _folder.Write("app.log", string.Join('\n', Enumerable.Range(0, 12).Select(h => $"2026-03-02 {h:00}:10:00 INFO job {h} done")));
        var plugin = Plugin(new LogSourcesOptions { Paths = [app] });

        // Act
        var windowed = JsonDocument.Parse(await plugin.MineTemplatesAsync()).RootElement;
        var explicitRange = JsonDocument.Parse(await plugin.MineTemplatesAsync(since: "2026-03-02T00:00:00Z", until: "2026-03-02T02:00:00Z")).RootElement;

        // Assert
        Assert.Equal(12, windowed.GetProperty("lines").GetInt32());
        Assert.Equal(4, windowed.GetProperty("linesInRange").GetInt32());
        Assert.Equal("2026-03-02 08:00–2026-03-02 13:00 UTC", windowed.GetProperty("window").GetString());
        Assert.Equal(2, explicitRange.GetProperty("linesInRange").GetInt32());
    }

    [Fact]
    public async Task SearchAndMine_Attachment_ReadWholeUnderItsName()
    {
        // Arrange
        var log = "2026-03-01 10:00:00 INFO boot\n2026-03-01 10:01:00 ERROR provider=stripe api_key_expired\n";
        var plugin = Plugin(new LogSourcesOptions(), [new IncidentAttachment("stripe.log", "text/plain", log, false)]);

        // Act
        var hits = Matches(await plugin.SearchAsync("expired"));
        var mined = JsonDocument.Parse(await plugin.MineTemplatesAsync("attachment:stripe.log")).RootElement;

        // Assert
        Assert.Equal(["attachment:stripe.log:2: 2026-03-01 10:01:00 ERROR provider=stripe api_key_expired"], hits);
        Assert.Equal(2, mined.GetProperty("linesInRange").GetInt32());
    }

    [Fact]
    public async Task Sources_ThroughTheKernel_ListsRankedSourcesWithReasons()
    {
        // Arrange
        var options = new LogSourcesOptions
        {
            Paths = [_folder.Write("shared.log", "x\n")],
            Sources = [new() { Name = "payments-api", Path = _folder.Write("payments.log", "x\n"), Services = ["payments"] }],
        };
        var kernel = Kernel(options, [new IncidentAttachment("app.log", "text/plain", "line\n", false)], "Payments down");

        // Act
        var result = await kernel.InvokeAsync("logs", "sources");

        // Assert
        var root = JsonDocument.Parse(result.GetValue<string>()!).RootElement;
        Assert.Equal(
            [("attachment:app.log", "attached to the email by the reporter (read whole)"), ("payments-api", "service 'payments' named in the email subject"), (Path.Combine(_folder.Path, "shared.log"), "untagged: read by every track")],
            root.GetProperty("sources").EnumerateArray().Select(s => (s.GetProperty("name").GetString(), s.GetProperty("reason").GetString())));
        Assert.Equal("the test", root.GetProperty("window").GetProperty("start").GetString());
    }

    [Fact]
    public async Task Search_ModelNamesASource_ReadsItAndAnUnknownNameIsAClearError()
    {
        // Arrange
        var payments = _folder.Write("payments.log", "2026-03-02 09:00:00 ERROR declined\n");
        _folder.Write("other.log", "2026-03-02 09:00:00 ERROR declined elsewhere\n");
        var options = new LogSourcesOptions
        {
            Sources =
            [
                new() { Name = "payments-api", Path = payments },
                new() { Name = "other", Path = Path.Combine(_folder.Path, "other.log") },
            ],
        };
        var kernel = Kernel(options, [], "Payments down");

        // Act
        var named = await kernel.InvokeAsync("logs", "search", new KernelArguments { ["pattern"] = "declined", ["path"] = "PAYMENTS-API" });
        var unknown = await kernel.InvokeAsync("logs", "search", new KernelArguments { ["pattern"] = "declined", ["path"] = "billing" });

        // Assert
        Assert.Equal([$"{payments}:1: 2026-03-02 09:00:00 ERROR declined"], Matches(named.GetValue<string>()!));
        Assert.Equal(
            "'billing' is not one of the configured log sources of this track (payments-api, other); call logs.sources to list them, or leave the path empty to read them all.",
            JsonDocument.Parse(unknown.GetValue<string>()!).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Search_TaggedLokiSource_QueriesTheIncidentWindow()
    {
        // Arrange
        _loki.Streams.Add((new() { ["app"] = "payments" },
        [
            (LokiClientTests.Ns(Start.AddHours(-3)), "2026-03-02T06:00:00Z WARN api_key_expired long before"),
            (LokiClientTests.Ns(Start.AddMinutes(5)), "2026-03-02T09:05:00Z WARN api_key_expired"),
        ]));
        var options = new LogSourcesOptions
        {
            Paths = [_folder.Write("shared.log", "nothing here\n")],
            Sources = [new() { Name = "payments-loki", LokiQuery = "{app=\"payments\"}", Services = ["payments"] }],
        };
        var plugin = Plugin(options, title: "Payments down");

        // Act
        var hits = Matches(await plugin.SearchAsync("key_expired"));

        // Assert
        Assert.Equal([$"payments-loki:{Start.AddMinutes(5):O}: 2026-03-02T09:05:00Z WARN api_key_expired"], hits);
        var request = Assert.Single(_loki.Requests);
        Assert.Equal(LokiClientTests.Ns(Start.AddHours(-1)).ToString(CultureInfo.InvariantCulture), request["start"]);
        Assert.Equal(LokiClientTests.Ns(Now).ToString(CultureInfo.InvariantCulture), request["end"]);
    }

    private static List<string> Matches(string result) =>
        [.. result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('[') && l != "no match")];

    private LogsPlugin Plugin(LogSourcesOptions options, IReadOnlyList<IncidentAttachment>? attachments = null, string title = "Checkout fails") =>
        _services.GetRequiredService<LogsPluginFactory>().CreatePlugin(options, LogSourceSelector.Select(options, Context(title, attachments ?? []), TrackKind.Application));

    private Kernel Kernel(LogSourcesOptions options, IReadOnlyList<IncidentAttachment> attachments, string title)
    {
        var kernel = new Kernel(_services);
        kernel.Plugins.Add(_services.GetRequiredService<LogsPluginFactory>().CreateKernelPlugin(options, LogSourceSelector.Select(options, Context(title, attachments), TrackKind.Application))!);
        return kernel;
    }

    private static IncidentContext Context(string title, IReadOnlyList<IncidentAttachment> attachments) =>
        new("INC-2026-0001", Start, "the test")
        {
            Texts = [new IncidentText("the email subject", title)],
            Attachments = attachments,
        };
}
