using System.Text.Json;

namespace AgentOps.Host.Tests.Cli;

public sealed class AgentOpsCliTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task RunAsync_UnknownVerb_PrintsUsageAndExits2()
    {
        // Act
        var (code, _, error) = await _cli.RunAsync("frobnicate");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("agentops --help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_PmVerbMissingArgument_Exits2WithUsage()
    {
        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "issue-start");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("Usage: pm issue-start <track>", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_Exits0AndListsVerbs()
    {
        // Act
        var (code, output, _) = await _cli.RunAsync("pm", "--help");

        // Assert
        Assert.Equal(0, code);
        Assert.Contains("issue-start", output, StringComparison.Ordinal);
        Assert.Contains("epic-decompose", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IncidentNewThenShowJson_ReturnsTheIncident()
    {
        // Arrange
        var (created, createdOut, createdErr) = await _cli.RunAsync("incident", "new", "Paiements", "bloqués", "--priority", "P1", "--customer", "support@client-existant.fr");
        Assert.True(created == 0, createdErr);
        var id = createdOut.Split(' ')[1];

        // Act
        var (code, output, _) = await _cli.RunAsync("incident", "show", id, "--json");

        // Assert
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(id, summary.GetProperty("incident").GetString());
        Assert.Equal("P1", summary.GetProperty("priority").GetString());
        Assert.Equal("Triaged", summary.GetProperty("state").GetString());
        Assert.Equal("Paiements bloqués", summary.GetProperty("title").GetString());
    }

    [Fact]
    public async Task RunAsync_InvalidTransition_Exits1NamingStateAndAllowedTriggers()
    {
        // Arrange
        var (_, createdOut, _) = await _cli.RunAsync("incident", "new", "Checkout slow", "--priority", "P1");
        var id = createdOut.Split(' ')[1];

        // Act
        var (code, _, error) = await _cli.RunAsync("incident", "transition", id, "close");
        var (_, shown, _) = await _cli.RunAsync("incident", "show", id, "--json");

        // Assert
        Assert.Equal(1, code);
        Assert.Contains("it is Triaged", error, StringComparison.Ordinal);
        Assert.Contains("Allowed now:", error, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"Triaged\"", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CcpmFlow_BlockedAndNextFollowTheDependencyGraph()
    {
        // Arrange
        var (_, createdOut, _) = await _cli.RunAsync("incident", "new", "Auth timeouts on login, redis and database slow", "--priority", "P1");
        var id = createdOut.Split(' ')[1];
        Assert.Equal(0, (await _cli.RunAsync("pm", "prd-new", id)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("pm", "prd-parse", id)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("pm", "epic-decompose", id)).ExitCode);
        var (_, epic, _) = await _cli.RunAsync("pm", "epic-status", id, "--json");
        using var epicJson = JsonDocument.Parse(epic);
        var tracks = epicJson.RootElement.GetProperty("tracks").EnumerateArray().ToList();
        var fix = tracks[^1];
        var investigations = tracks.Take(tracks.Count - 1).Select(t => t.GetProperty("number").GetInt32()).ToList();

        // Act: the fix track waits for every investigation track
        var (_, blockedBefore, _) = await _cli.RunAsync("pm", "blocked", "--json");
        foreach (var n in investigations)
        {
            Assert.Equal(0, (await _cli.RunAsync("pm", "issue-start", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--incident", id)).ExitCode);
            Assert.Equal(0, (await _cli.RunAsync("pm", "issue-close", $"{id}#{n}")).ExitCode);
        }

        var (_, blockedAfter, _) = await _cli.RunAsync("pm", "blocked", "--json");
        var (_, next, _) = await _cli.RunAsync("pm", "next", "--json");

        // Assert
        Assert.Equal("Fix", fix.GetProperty("kind").GetString());
        Assert.Contains($"\"number\": {fix.GetProperty("number").GetInt32()}", blockedBefore, StringComparison.Ordinal);
        Assert.Equal("[]", blockedAfter.Trim());
        Assert.Contains("\"kind\": \"Fix\"", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadConfigurationValue_Exits2NamingTheKey()
    {
        // Arrange
        _cli.Settings["Storage:Provider"] = "oracle";

        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "status");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("Storage:Provider", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MalformedSettingsFile_Exits2()
    {
        // Arrange
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "appsettings.json"), "{ \"Storage\": ");

        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "status");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("appsettings.json is not valid JSON", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CorruptDatabaseFile_Exits1AndLeavesTheFileUntouched()
    {
        // Arrange
        var path = Path.Combine(_cli.WorkingDirectory, "broken.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        await File.WriteAllBytesAsync(path, garbage);
        _cli.Settings["Storage:SqlitePath"] = path;

        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "status");

        // Assert
        Assert.Equal(1, code);
        Assert.Contains("broken.db", error, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task RunAsync_UnknownIncident_Exits1WithAHint()
    {
        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "epic-show", "INC-2026-9999");

        // Assert
        Assert.Equal(1, code);
        Assert.Contains("No incident INC-2026-9999", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SettingsFileInWorkingDirectory_IsReadAndValidated()
    {
        // Arrange
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "appsettings.json"), "{ \"Logging\": { \"Level\": \"Loud\" } }");

        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "status");

        // Assert
        Assert.Equal(2, code);
        Assert.Contains("Logging:Level", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EnvironmentVariable_OverridesTheSettingsFile()
    {
        // Arrange
        await File.WriteAllTextAsync(Path.Combine(_cli.WorkingDirectory, "appsettings.json"), "{ \"Storage\": { \"Provider\": \"sqlite\" } }");
        Environment.SetEnvironmentVariable("AGENTOPS__Storage__Provider", "mongodb");
        try
        {
            // Act
            var (code, _, error) = await _cli.RunAsync("pm", "status");

            // Assert
            Assert.Equal(2, code);
            Assert.Contains("mongodb", error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AGENTOPS__Storage__Provider", null);
        }
    }

    [Fact]
    public async Task RunAsync_EpicSyncWithoutGitHubSection_Exits1SayingWhatToConfigure()
    {
        // Arrange
        var (_, createdOut, _) = await _cli.RunAsync("incident", "new", "Checkout slow", "--priority", "P2");
        var id = createdOut.Split(' ')[1];

        // Act
        var (code, _, error) = await _cli.RunAsync("pm", "epic-sync", id);

        // Assert
        Assert.Equal(1, code);
        Assert.Contains("GitHub sync is not configured", error, StringComparison.Ordinal);
    }
}
