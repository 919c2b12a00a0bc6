using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace AgentOps.Core.Tests.Diagnostics;

public sealed class ApplicationPlaybookTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task AnalyzeAsync_ProviderRejectsExpiredKeyBehind500s_ReportsKeyAndErrorsDatedFromTheLog()
    {
        // Arrange
        var tools = Search(
            """
            app.log:10: 2026-01-15T08:41:02.100Z WARN [stripe-client] provider=stripe POST /v1/charges -> 401 {"code":"api_key_expired","message":"Expired API Key provided"}
            app.log:14: 2026-01-15T08:41:03.000Z WARN [stripe-client] provider=stripe POST /v1/charges -> 401 {"code":"api_key_expired"}
            """,
            """
            app.log:11: 2026-01-15T08:41:02.150Z ERROR [payments] POST /api/payments status=500
            app.log:15: 2026-01-15T08:41:03.050Z ERROR [payments] POST /api/payments status=500
            app.log:19: 2026-01-15T08:41:04.050Z ERROR [payments] POST /api/payments status=500
            """);

        // Act
        var findings = await new ApplicationPlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal([FindingCategories.AppExpiredApiKey, FindingCategories.AppErrors5xx, FindingCategories.AppNoExpiryWarning], findings.Select(f => f.Category));
        Assert.Contains("no expiry warning before the first rejection at 2026-01-15 08:41:02 UTC", findings[2].Claim, StringComparison.Ordinal);
        Assert.Equal("stripe", findings[0].Data["provider"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 8, 41, 2, 100, TimeSpan.Zero), findings[0].ObservedSince);
        Assert.StartsWith("Stripe rejects the application's API key as expired", findings[0].Claim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnalyzeAsync_ExpiryAnnouncedBeforeTheRejections_ReportsTheIgnoredWarning()
    {
        // Arrange
        var tools = Search(
            "app.log:10: 2026-01-15T08:41:02.100Z WARN [stripe-client] provider=stripe -> 401 {\"code\":\"api_key_expired\"}",
            "no match",
            """
            app.log:2: 2026-01-08T08:00:00.000Z WARN [stripe-client] API key sk_live_****4f2a expires in 7 days
            app.log:30: 2026-01-15T09:00:00.000Z WARN [stripe-client] key expires on rotation
            """);

        // Act
        var findings = await new ApplicationPlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        var gap = Assert.Single(findings, f => f.Category == FindingCategories.AppNoExpiryWarning);
        Assert.Contains("1 warning(s), first at 2026-01-08 08:00:00 UTC", gap.Claim, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 1, 8, 8, 0, 0, TimeSpan.Zero), gap.ObservedSince);
    }

    [Fact]
    public async Task AnalyzeAsync_NoMatch_ReportsNothing()
    {
        // Arrange
        var tools = Search("no match", "no match");

        // Act
        var findings = await new ApplicationPlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("2026-01-15T08:00:00Z ERROR [mailer] SMTP timeout sending receipt, will retry", false)]
    [InlineData("2026-01-15T08:00:00Z INFO [cache] miss key=cart:12", false)]
    [InlineData("provider=adyen 401 Invalid API key", true)]
    [InlineData("token expired for provider paypal", true)]
    public void RejectedKeyPattern_LogLine_MatchesOnlyCredentialRejections(string line, bool expected) =>
        Assert.Equal(expected, System.Text.RegularExpressions.Regex.IsMatch(line, ApplicationPlaybook.RejectedKeyPattern, System.Text.RegularExpressions.RegexOptions.IgnoreCase));

    [Fact]
    public async Task AnalyzeAsync_SearchFails_ReportsToolUnavailable()
    {
        // Arrange
        var tools = Search("""{"ok":false,"error":"invalid pattern"}""", "no match");

        // Act
        var findings = await new ApplicationPlaybook().AnalyzeAsync(Context(tools), CancellationToken.None);

        // Assert
        Assert.Equal(FindingCategories.ToolUnavailable, Assert.Single(findings).Category);
    }

    private static IToolInvoker Search(string rejected, string errors, string warnings = "no match")
    {
        var tools = Substitute.For<IToolInvoker>();
        tools.Has("logs", "search").Returns(true);
        tools.InvokeAsync("logs", "search", Arg.Is<IReadOnlyDictionary<string, object?>>(a => (string)a["pattern"]! == ApplicationPlaybook.RejectedKeyPattern), Arg.Any<CancellationToken>())
            .Returns(rejected);
        tools.InvokeAsync("logs", "search", Arg.Is<IReadOnlyDictionary<string, object?>>(a => (string)a["pattern"]! == ApplicationPlaybook.ServerErrorPattern), Arg.Any<CancellationToken>())
            .Returns(errors);
        tools.InvokeAsync("logs", "search", Arg.Is<IReadOnlyDictionary<string, object?>>(a => (string)a["pattern"]! == ApplicationPlaybook.ExpiryWarningPattern), Arg.Any<CancellationToken>())
            .Returns(warnings);
        return tools;
    }

    private TrackContext Context(IToolInvoker tools) =>
        new("INC-1", new Track { Number = 4, Kind = TrackKind.Application, Title = "app" }, tools, _time);
}
