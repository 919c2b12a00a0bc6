using AgentOps.Core.Diagnostics;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Diagnostics.Drills;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AgentOps.Infrastructure.Tests.Diagnostics.Drills;

public sealed class DrillRunnerTests
{
    private readonly ITestOutputHelper _output;

    public DrillRunnerTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task RunAsync_MissingIndex_NamesTheMissingIndexOnUsersStatus()
    {
        // Arrange
        await using var services = Services();
        var runner = services.GetRequiredService<DrillRunner>();

        // Act
        var result = await runner.RunAsync("missing-index");

        // Assert
        _output.WriteLine(result.ToJson());
        Assert.True(result.Correct, result.Analysis.RootCause);
        Assert.Equal(FindingCategories.DbMissingIndex, result.Analysis.Category);
        Assert.Contains("users.status", result.Analysis.RootCause, StringComparison.Ordinal);
        Assert.Contains(result.Analysis.Remediations, r => r.Action == "CREATE INDEX CONCURRENTLY idx_users_status ON users (status)");
        Assert.Contains(result.Analysis.ContributingCauses, c => c.Contains("20240115_add_user_preferences", StringComparison.Ordinal));
        Assert.NotNull(result.TimeToDetectSeconds);
        Assert.True(result.PostMortemScore!.FullMarks, result.PostMortemScore.ToMarkdown());
    }

    [Fact]
    public async Task RunAsync_RedisPool_NamesRedisPoolExhaustionBehindTheLoadAndScoresFullMarks()
    {
        // Arrange
        await using var services = Services();
        var runner = services.GetRequiredService<DrillRunner>();

        // Act
        var result = await runner.RunAsync("redis-pool");

        // Assert
        _output.WriteLine(result.ToJson());
        Assert.True(result.Correct, result.Analysis.RootCause);
        Assert.Equal(FindingCategories.CachePoolExhausted, result.Analysis.Category);
        Assert.NotNull(result.TimeToDetectSeconds);
        Assert.Contains(result.Findings, f => f.Category == FindingCategories.MetricsSaturation);
        Assert.Contains(result.Analysis.ContributingCauses, c => c.StartsWith("Load on Redis rose from", StringComparison.Ordinal));
        Assert.True(result.Analysis.FiveWhys.Count >= 3, string.Join(" / ", result.Analysis.FiveWhys.Select(w => w.Answer)));
        Assert.All(result.Analysis.FiveWhys, w => Assert.NotEmpty(w.Evidence));
        Assert.True(result.PostMortemScore!.FullMarks, result.PostMortemScore.ToMarkdown());
    }

    [Fact]
    public async Task RunAsync_ExpiredKey_NamesTheExpiredPaymentProviderKey()
    {
        // Arrange
        await using var services = Services();
        var runner = services.GetRequiredService<DrillRunner>();

        // Act
        var result = await runner.RunAsync("expired-key");

        // Assert
        _output.WriteLine(result.ToJson());
        Assert.True(result.Correct, result.Analysis.RootCause);
        Assert.True(result.PostMortemScore!.FullMarks, result.PostMortemScore.ToMarkdown());
        Assert.Equal(FindingCategories.AppExpiredApiKey, result.Analysis.Category);
        Assert.Contains("Stripe", result.Analysis.RootCause, StringComparison.Ordinal);
        Assert.Equal("rotate-secret stripe-api-key", result.Analysis.Remediations[0].Action);
        Assert.NotNull(result.TimeToDetectSeconds);
    }

    [Fact]
    public async Task RunAsync_UnknownScenario_ThrowsWithKnownNames()
    {
        // Arrange
        await using var services = Services();
        var runner = services.GetRequiredService<DrillRunner>();

        // Act
        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync("nope"));

        // Assert
        Assert.Contains("missing-index", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services() =>
        new ServiceCollection().AddAgentOpsDiagnostics(new ConfigurationBuilder().Build()).BuildServiceProvider();
}
