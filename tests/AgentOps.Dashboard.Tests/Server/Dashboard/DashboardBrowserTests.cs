using System.Net.Http.Json;
using AgentOps.Core.Model;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

/// <summary>The dashboard in headless Chromium against the real server: log in, read, approve, watch live updates, on a laptop and a phone.</summary>
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private DashboardSeed Seed => fixture.Server.Seed;

    [Fact]
    public async Task Login_WrongKeyThenRightKey_RefusesThenShowsTheBoardWithAStrictHttpOnlyCookie()
    {
        // Arrange
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();

        // Act
        await page.GotoAsync("/");
        var redirectedTo = page.Url;
        await page.GetByLabel("API key").FillAsync("not-the-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not valid");
        await fixture.ScreenshotAsync(page, "login-refused");
        await page.GetByLabel("API key").FillAsync(DashboardServer.ApiKey);
        await page.GetByLabel("Your name").FillAsync("alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open incidents" })).ToBeVisibleAsync();
        var cookies = await context.CookiesAsync();

        // Assert
        Assert.Contains("/login", redirectedTo, StringComparison.Ordinal);
        var login = Assert.Single(cookies, c => c.Name == "agentops.dashboard");
        Assert.True(login.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, login.SameSite);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Board_OpenIncidents_AreGroupedByPriorityWithCountdownsAndBreachesShown()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");

        // Act
        var p1 = page.Locator("section#P1");
        var investigating = page.Locator($"article[data-incident='{Seed.Investigating}']");
        var breached = page.Locator($"article[data-incident='{Seed.Breached}']");
        await Expect(investigating).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "board-laptop");

        // Assert
        await Expect(p1.Locator($"article[data-incident='{Seed.Investigating}']")).ToBeVisibleAsync();
        await Expect(page.Locator("section#P2").Locator($"article[data-incident='{Seed.Breached}']")).ToBeVisibleAsync();
        await Expect(investigating.Locator("time[data-label='resolve']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^resolve in 3h(0\\d|10)m$"));
        await Expect(investigating.Locator(".countdown.met")).ToHaveTextAsync("acknowledged in time");
        await Expect(breached).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("breached"));
        await Expect(breached.Locator("time[data-label='resolve']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^resolve breached 2h0\\dm ago$"));
        await Expect(page.Locator($"article[data-incident='{Seed.Resolved}']")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Board_TimePasses_CountdownsTickAndTurnBreachedWithoutReload()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");
        await page.Clock.InstallAsync();
        await page.ReloadAsync();
        var ack = page.Locator($"article[data-incident='{Seed.Hostile}'] time[data-label='ack']");
        await Expect(ack).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^ack in \\d+m$"));

        // Act
        await page.Clock.FastForwardAsync("01:00:00");

        // Assert
        await Expect(ack).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^ack breached \\d+m ago$"));
        await Expect(ack).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("breached"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Board_FilterByPriority_ShowsOnlyThatPriority()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");

        // Act
        await page.Locator("select[name=priority]").SelectOptionAsync("P2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("priority=P2", StringComparison.Ordinal));

        // Assert
        await Expect(page.Locator($"article[data-incident='{Seed.Breached}']")).ToBeVisibleAsync();
        await Expect(page.Locator("section#P1")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentPage_FromTheBoard_ShowsTracksWithGitHubLinksFindingsEvidenceStateAndTimeline()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");

        // Act
        await page.Locator($"article[data-incident='{Seed.Investigating}'] h3 a").ClickAsync();
        await Expect(page.Locator("h1 .id")).ToHaveTextAsync(Seed.Investigating);
        await fixture.ScreenshotAsync(page, "incident-laptop");

        // Assert
        await Expect(page.Locator("article.track[data-track='1'] a.github")).ToHaveAttributeAsync("href", "https://github.com/acme/payments/issues/42");
        await Expect(page.Locator("article.track[data-track='2']")).ToContainTextAsync("waits for #1");
        await Expect(page.Locator(".finding")).ToContainTextAsync("API Key expired");
        await Expect(page.Locator(".evidence")).ToContainTextAsync("logs:payment-service/app.log:1204");
        await Expect(page.Locator("ol.states li[aria-current='step']")).ToHaveAttributeAsync("data-state", "Investigating");
        await Expect(page.Locator("ol.states li[data-state='Triaged'] li.taken")).ToHaveTextAsync("Investigate → Investigating");
        await Expect(page.Locator("ol.timeline li")).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "epic #41" })).ToHaveAttributeAsync("href", "https://github.com/acme/payments/issues/41");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ApproveDraft_Clicked_RunsCommsSendAndRecordsWhoApproved()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("bob");
        await page.GotoAsync($"/incidents/{Seed.Resolved}");
        var draft = page.Locator($"article.draft[data-communication='{Seed.ResolutionDraftId}']");
        await Expect(draft).ToBeVisibleAsync();
        await fixture.ScreenshotAsync(page, "draft-awaiting-approval");

        // Act
        await draft.GetByRole(AriaRole.Button, new() { Name = "Approve and send" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync($"{Seed.ResolutionDraftId} approved");
        await fixture.ScreenshotAsync(page, "draft-approved");
        var stored = (await fixture.Server.Store.FindAsync(Seed.Resolved))!;

        // Assert
        await Expect(page.Locator($"article.draft[data-communication='{Seed.ResolutionDraftId}']")).ToHaveCountAsync(0);
        Assert.NotEqual(CommunicationStatus.Draft, stored.Communications.Single(c => c.Id == Seed.ResolutionDraftId).Status);
        Assert.Contains(stored.Timeline, e => e.Source == "dashboard" && e.Actor.StartsWith("bob (key ", StringComparison.Ordinal) && e.Message.Contains("approved", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task IncidentPage_IncidentChangedThroughTheApi_UpdatesWithoutReload()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");
        await page.GotoAsync($"/incidents/{Seed.Breached}");
        await Expect(page.Locator("body[data-live='connected']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        using var api = fixture.Server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/commands")
        {
            Content = JsonContent.Create(new { text = $"/pm:incident-transition {Seed.Breached} triage", actor = "ops-bot" }),
        };
        request.Headers.Add("X-Api-Key", DashboardServer.ApiKey);

        // Act
        var response = await api.SendAsync(request);
        await Expect(page.Locator("#current-state")).ToHaveTextAsync("Triaged");
        await fixture.ScreenshotAsync(page, "incident-live-update");

        // Assert
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("ops-bot");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Board_IncidentOpenedByAnotherNode_AppearsWithoutReload()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");
        await Expect(page.Locator("body[data-live='connected']")).ToHaveCountAsync(1);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var now = TimeProvider.System.GetUtcNow();
        var incident = new Incident { Id = await fixture.Server.Store.NextIncidentIdAsync(now), Title = "Latence API mobile", Priority = Priority.P2, CreatedAt = now };
        incident.Record(now, "monitoring", "alert", "signal", "p95 latency above 2 s");

        // Act
        await fixture.Server.Store.SaveAsync(incident);

        // Assert
        await Expect(page.Locator($"article[data-incident='{incident.Id}']")).ToContainTextAsync("Latence API mobile");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PhoneViewport_BoardAndIncident_FitTheWidthOfTheScreen()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice", new ViewportSize { Width = 390, Height = 844 }, mobile: true);

        // Act
        await Expect(page.Locator($"article[data-incident='{Seed.Investigating}']")).ToBeVisibleAsync();
        var boardOverflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await fixture.ScreenshotAsync(page, "board-phone");
        await page.GotoAsync($"/incidents/{Seed.Resolved}");
        await Expect(page.Locator("#postmortem")).ToBeVisibleAsync();
        var incidentOverflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        await fixture.ScreenshotAsync(page, "incident-phone");
        var cardWidth = await page.EvaluateAsync<double>("() => document.querySelector('dl.summary').getBoundingClientRect().width");

        // Assert
        Assert.True(boardOverflow <= 0, $"the board is {boardOverflow}px wider than the phone screen");
        Assert.True(incidentOverflow <= 0, $"the incident page is {incidentOverflow}px wider than the phone screen");
        Assert.InRange(cardWidth, 300, 390);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task HostileTexts_InTitlesBodiesFindingsAndPostMortem_ShowAsTextAndNeverRun()
    {
        // Arrange
        var page = await fixture.LoggedInPageAsync("alice");

        // Act
        await Expect(page.Locator($"article[data-incident='{Seed.Hostile}'] .title")).ToHaveTextAsync("Disque plein " + DashboardSeed.ScriptInjection + DashboardSeed.ImageInjection);
        var boardInjected = await page.EvaluateAsync<int>("() => document.querySelectorAll('main script, main img, main svg, main iframe, [onerror], [onload]').length");
        await page.GotoAsync($"/incidents/{Seed.Hostile}");
        await Expect(page.Locator("article.draft h3")).ToHaveTextAsync("Suivi " + DashboardSeed.ScriptInjection);
        await Expect(page.Locator("article.draft pre.body")).ToContainTextAsync(DashboardSeed.ImageInjection);
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync(DashboardSeed.QuoteInjection);
        var hostileInjected = await page.EvaluateAsync<int>("() => document.querySelectorAll('main script, main img, main svg, main iframe, [onerror], [onload]').length");
        await fixture.ScreenshotAsync(page, "incident-hostile-texts");
        await page.GotoAsync($"/incidents/{Seed.Resolved}");
        await Expect(page.Locator(".markdown table")).ToContainTextAsync(DashboardSeed.ImageInjection);
        var postMortemInjected = await page.EvaluateAsync<int>("() => document.querySelectorAll('main script, main img, main svg, main iframe, [onerror], [onload], a[href^=\"javascript\"]').length");
        var xss = await page.EvaluateAsync<bool>("() => window.__xss !== undefined");

        // Assert
        Assert.Equal(0, boardInjected);
        Assert.Equal(0, hostileInjected);
        Assert.Equal(0, postMortemInjected);
        Assert.False(xss);
        await Expect(page.Locator(".markdown a[href='https://stripe.com/docs/keys']")).ToHaveTextAsync("Stripe docs");
        await page.Context.CloseAsync();
    }
}
