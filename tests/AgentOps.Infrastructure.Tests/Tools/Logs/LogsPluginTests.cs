using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using AgentOps.Core.Diagnostics.Logs;
using AgentOps.Infrastructure.Tools.Logs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tests.Tools.Logs;

public sealed class LogsPluginTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2024, 3, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly TempLogFolder _folder = new();
    private FakeLokiServer _loki = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _loki = await FakeLokiServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logs:LokiBaseUrl"] = _loki.BaseAddress.ToString(),
            ["Logs:MaxOutputChars"] = "2000",
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
    public void EveryKernelFunction_HasDescriptionsOnFunctionAndParameters()
    {
        // Arrange
        var methods = typeof(LogsPlugin).GetMethods().Where(m => m.GetCustomAttribute<KernelFunctionAttribute>() is not null).ToList();

        // Assert
        Assert.Equal(5, methods.Count);
        foreach (var method in methods)
        {
            Assert.False(string.IsNullOrWhiteSpace(method.GetCustomAttribute<DescriptionAttribute>()?.Description), method.Name);
            foreach (var parameter in method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.GetCustomAttribute<DescriptionAttribute>()?.Description), $"{method.Name}({parameter.Name})");
            }
        }
    }

    [Fact]
    public async Task MineTemplates_ThroughKernel_ReturnsTemplatesAndReportsBinaryFile()
    {
        // Arrange
        _folder.Write("api.log", string.Join('\n', Enumerable.Range(0, 30).Select(i => $"2024-03-05 10:{i:00}:00 ERROR api.Gateway: upstream {500 + (i % 3)} from payments in {i * 7} ms")) + "\n2024-03-05 11:00:00 INFO api.Gateway: ready\n");
        _folder.WriteBytes("core.bin", [1, 0, 2, 0, 3]);
        var kernel = new Kernel(_services);
        kernel.Plugins.Add(_services.GetRequiredService<LogsPluginFactory>().CreateKernelPlugin(Sources())!);

        // Act
        var result = await kernel.InvokeAsync("logs", "mine_templates", new KernelArguments { ["path"] = _folder.Path, ["maxTemplates"] = 5 });

        // Assert
        using var json = JsonDocument.Parse(result.GetValue<string>()!);
        var root = json.RootElement;
        Assert.Equal(31, root.GetProperty("lines").GetInt32());
        Assert.Single(root.GetProperty("binaryFilesSkipped").EnumerateArray());
        var top = root.GetProperty("templates")[0];
        Assert.Equal("upstream <*> from payments in <*>", top.GetProperty("template").GetString());
        Assert.Equal(30, top.GetProperty("count").GetInt32());
        Assert.Equal(30, top.GetProperty("errors").GetInt32());
        Assert.Equal("2024-03-05T10:00:00.0000000+00:00", top.GetProperty("first").GetString());
    }

    [Fact]
    public async Task MineTemplates_TimeRange_KeepsOnlyLinesInside()
    {
        // Arrange
        _folder.Write("app.log", "2024-03-05 09:00:00 INFO job 1 done\n2024-03-05 10:00:00 INFO job 2 done\n  at stack frame\n2024-03-05 11:00:00 INFO job 3 done\n");
        var plugin = Plugin();

        // Act
        var result = await plugin.MineTemplatesAsync(_folder.Path, "2024-03-05T09:30:00Z", "2024-03-05T10:30:00Z");

        // Assert
        using var json = JsonDocument.Parse(result);
        Assert.Equal(4, json.RootElement.GetProperty("lines").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("linesInRange").GetInt32());
    }

    [Fact]
    public async Task MineTemplates_ManyTemplates_AnswerFitsTheBudget()
    {
        // Arrange
        var words = new[] { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima" };
        _folder.Write("many.log", string.Join('\n', words.SelectMany(a => words.Select(b => $"{a} {b} {a}{b} happened with a rather long explanation attached"))));
        var plugin = Plugin();

        // Act
        var result = await plugin.MineTemplatesAsync(_folder.Path, maxTemplates: 200);

        // Assert
        Assert.True(result.Length <= 2000, $"{result.Length} chars");
        using var json = JsonDocument.Parse(result);
        Assert.True(json.RootElement.GetProperty("omitted").GetInt32() > 0);
    }

    [Fact]
    public async Task MineTemplates_MissingPathOrBadTime_ReturnsError()
    {
        // Arrange
        var plugin = Plugin();

        // Act
        var missing = await plugin.MineTemplatesAsync(Path.Combine(_folder.Path, "nope.log"));
        var badTime = await plugin.MineTemplatesAsync(_folder.Path, since: "yesterday-ish");

        // Assert
        Assert.Contains("No file or folder", JsonDocument.Parse(missing).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("ISO-8601", JsonDocument.Parse(badTime).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorSpikes_BurstOfErrors_ReportsWindowAndTemplate()
    {
        // Arrange
        var lines = Enumerable.Range(0, 20).Select(m => $"2024-03-05 10:{m:00}:00 ERROR db.Pool: slow query 1 ms")
            .Concat(Enumerable.Range(0, 15).Select(s => $"2024-03-05 10:12:{s:00} ERROR pay.Client: key expired for merchant {s}"))
            .OrderBy(l => l, StringComparer.Ordinal);
        _folder.Write("app.log", string.Join('\n', lines));
        var plugin = Plugin();

        // Act
        var result = await plugin.ErrorSpikesAsync(_folder.Path, "1m");

        // Assert
        using var json = JsonDocument.Parse(result);
        var spike = Assert.Single(json.RootElement.GetProperty("spikes").EnumerateArray());
        Assert.Equal("2024-03-05T10:12:00.0000000+00:00", spike.GetProperty("start").GetString());
        Assert.Equal(16, spike.GetProperty("errors").GetInt32());
        Assert.Equal("key expired for merchant <*>", spike.GetProperty("topTemplate").GetString());
    }

    [Fact]
    public async Task ErrorSpikes_BadWindow_ReturnsError()
    {
        // Act
        var result = await Plugin().ErrorSpikesAsync(_folder.Path, "soon");

        // Assert
        Assert.True(JsonDocument.Parse(result).RootElement.TryGetProperty("error", out _));
    }

    [Fact]
    public async Task Search_Pattern_ReturnsFileLineAndText()
    {
        // Arrange
        var file = _folder.Write("app.log", "ok\nconnection refused by db\nok\n");
        var plugin = Plugin();

        // Act
        var hits = await plugin.SearchAsync("REFUSED", _folder.Path);
        var none = await plugin.SearchAsync("timeout");
        var bad = await plugin.SearchAsync("([");

        // Assert
        Assert.Equal($"{file}:2: connection refused by db", hits.Trim());
        Assert.Equal("no match", none);
        Assert.Contains("invalid pattern", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_NoPath_ReadsEveryConfiguredSourceAndNotesMissingOnes()
    {
        // Arrange
        using var other = new TempLogFolder();
        var first = _folder.Write("a.log", "2024-03-05 10:00:00 ERROR key expired\n");
        var second = other.Write("b.log", "2024-03-05 10:01:00 ERROR key expired again\n");
        var plugin = Plugin(_folder.Path, other.Path, Path.Combine(other.Path, "gone"));

        // Act
        var hits = (await plugin.SearchAsync("expired")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // Assert
        Assert.Equal([$"{first}:1: 2024-03-05 10:00:00 ERROR key expired", $"{second}:1: 2024-03-05 10:01:00 ERROR key expired again"], hits.Where(h => !h.StartsWith('[')));
        Assert.Single(hits, h => h.StartsWith('[') && h.Contains("gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_PathOutsideTheSources_ReturnsErrorWithoutReading()
    {
        // Arrange
        using var other = new TempLogFolder();
        other.Write("secret.log", "password=hunter2\n");
        var plugin = Plugin();

        // Act
        var result = await plugin.SearchAsync("password", Path.Combine(_folder.Path, "..", Path.GetFileName(other.Path)));
        var mined = await plugin.MineTemplatesAsync(other.Path);

        // Assert
        Assert.Contains("not one of the configured log sources", JsonDocument.Parse(result).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("not one of the configured log sources", JsonDocument.Parse(mined).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_OnlyLokiConfigured_FiltersTheApplicationStream()
    {
        // Arrange
        _loki.Streams.Add((new() { ["app"] = "payments" },
        [
            (LokiClientTests.Ns(Now.AddMinutes(-5)), "2024-03-05T11:55:00Z WARN provider=stripe api_key_expired"),
            (LokiClientTests.Ns(Now.AddMinutes(-4)), "2024-03-05T11:56:00Z INFO payment ok"),
        ]));
        var plugin = _services.GetRequiredService<LogsPluginFactory>().CreatePlugin(new LogSourcesOptions { LokiQuery = "{app=\"payments\"}" });

        // Act
        var result = await plugin.SearchAsync("KEY_EXPIRED");

        // Assert
        Assert.Equal($"loki:{Now.AddMinutes(-5):O}: 2024-03-05T11:55:00Z WARN provider=stripe api_key_expired", result.Trim());
        Assert.Equal("{app=\"payments\"} |~ `(?i)KEY_EXPIRED`", Assert.Single(_loki.Requests)["query"]);
    }

    [Fact]
    public void CreateKernelPlugin_OffersOnlyFunctionsWhoseSourceIsSet()
    {
        // Arrange
        var factory = _services.GetRequiredService<LogsPluginFactory>();
        using var http = new HttpClient();

        // Act
        var files = factory.CreateKernelPlugin(Sources())!.Select(f => f.Name).Order(StringComparer.Ordinal);
        var lokiOnly = factory.CreateKernelPlugin(new LogSourcesOptions())!.Select(f => f.Name);
        var none = LogsPluginFactory.CreateDefault(http, TimeProvider.System).CreateKernelPlugin(new LogSourcesOptions());

        // Assert
        Assert.Equal(["error_spikes", "loki_query", "mine_templates", "search", "sources"], files);
        Assert.Equal(["loki_query"], lokiOnly);
        Assert.Null(none);
    }

    [Fact]
    public async Task LokiQuery_Lines_AreMinedIntoTemplates()
    {
        // Arrange
        _loki.Streams.Add((new() { ["app"] = "payments" },
            [.. Enumerable.Range(0, 5).Select(i => (LokiClientTests.Ns(Now.AddMinutes(-10 + i)), $"level=error msg=\"charge failed\" order={1000 + i}"))]));
        var plugin = Plugin();

        // Act
        var result = await plugin.LokiQueryAsync("{app=\"payments\"}", since: "1h");

        // Assert
        using var json = JsonDocument.Parse(result);
        Assert.Equal(5, json.RootElement.GetProperty("lines").GetInt32());
        var template = Assert.Single(json.RootElement.GetProperty("templates").EnumerateArray());
        Assert.Equal(5, template.GetProperty("count").GetInt32());
        Assert.Equal(Now.AddMinutes(-10).ToString("O", System.Globalization.CultureInfo.InvariantCulture), template.GetProperty("first").GetString());
    }

    [Fact]
    public async Task LokiQuery_ServerFails_ReturnsErrorText()
    {
        // Arrange
        _loki.FailWith = 500;
        var plugin = Plugin();

        // Act
        var result = await plugin.LokiQueryAsync("{app=\"x\"}");

        // Assert
        Assert.Contains("Loki answered 500", JsonDocument.Parse(result).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LokiQuery_NoQuery_UsesTheConfiguredStream()
    {
        // Arrange
        var plugin = _services.GetRequiredService<LogsPluginFactory>().CreatePlugin(new LogSourcesOptions { LokiQuery = "{app=\"api\"}" });

        // Act
        await plugin.LokiQueryAsync();

        // Assert
        Assert.Equal("{app=\"api\"}", Assert.Single(_loki.Requests)["query"]);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    [InlineData("00:01:30", 90)]
    public void TryDuration_Text_Parses(string text, int seconds)
    {
        // Act
        var ok = LogsPlugin.TryDuration(text, out var duration);

        // Assert
        Assert.True(ok);
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    private LogSourcesOptions Sources() => new() { Paths = [_folder.Path] };

    private LogsPlugin Plugin(params string[] paths) =>
        _services.GetRequiredService<LogsPluginFactory>().CreatePlugin(paths.Length == 0 ? Sources() : new LogSourcesOptions { Paths = [.. paths] });

    [Fact]
    public void AddLogTools_BindsMinerOptions()
    {
        // Act
        var options = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LogTemplateMinerOptions>>().Value;

        // Assert
        Assert.Equal(new LogTemplateMinerOptions().SimilarityThreshold, options.SimilarityThreshold);
    }
}
