using AgentOps.Core.Model;
using AgentOps.Core.PostMortem;

namespace AgentOps.Core.Tests.PostMortem;

public sealed class PostMortemScorerTests
{
    private static readonly DateTimeOffset Now = Seed001Incident.AlertAt.AddHours(2);
    private readonly PostMortemGenerator _generator = new(new PostMortemOptions());
    private readonly PostMortemScorer _scorer = new();

    [Fact]
    public void Score_GeneratedFromSeed001_FullMarks()
    {
        // Arrange
        var incident = Seed001Incident.Create();
        var report = Report(incident);

        // Act
        var score = _scorer.Score(incident, report);

        // Assert
        Assert.True(score.FullMarks, score.ToMarkdown());
        Assert.Equal(12, score.Total);
    }

    [Fact]
    public void Score_NoWhysRecorded_FiveWhysPresentButNotBacked()
    {
        // Arrange
        var incident = Seed001Incident.Create(withWhys: false);

        // Act
        var score = _scorer.Score(incident, Report(incident));

        // Assert
        var whys = Assert.Single(score.Sections, s => s.Name == "5 whys");
        Assert.True(whys.Present);
        Assert.False(whys.BackedByData);
        Assert.False(score.FullMarks);
    }

    [Fact]
    public void Score_NoMetricFindings_ImpactNotQuantified()
    {
        // Arrange
        var incident = Seed001Incident.Create(withImpactFindings: false);
        foreach (var track in incident.Tracks)
        {
            track.Findings.RemoveAll(f => f.Id == "F-1-1");
        }

        incident.RootCause = incident.RootCause! with { FindingIds = ["F-2-1", "F-2-2", "F-2-3"] };

        // Act
        var score = _scorer.Score(incident, Report(incident));

        // Assert
        Assert.False(Assert.Single(score.Sections, s => s.Name == "Impact quantified").Passed);
    }

    [Fact]
    public void Score_HandEditedToBlameAPerson_NotBlameless()
    {
        // Arrange
        var incident = Seed001Incident.Create();
        var report = Report(incident);
        var edited = report with { Markdown = report.Markdown + "\nThe outage happened because carol forgot to add the index.\n" };

        // Act
        var score = _scorer.Score(incident, edited);

        // Assert
        var blameless = Assert.Single(score.Sections, s => s.Name == "Blameless");
        Assert.False(blameless.Passed);
        Assert.Contains("'carol' is named next to 'forgot'", blameless.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RunbookWithoutEscalation_EscalationMissing()
    {
        // Arrange
        var incident = Seed001Incident.Create();
        var report = Report(incident);
        var cut = report with { Runbook = report.Runbook[..report.Runbook.IndexOf("## Escalation path", StringComparison.Ordinal)] };

        // Act
        var score = _scorer.Score(incident, cut);

        // Assert
        var escalation = Assert.Single(score.Sections, s => s.Name == "Runbook: escalation path");
        Assert.False(escalation.Present);
        Assert.Equal(11, score.Passed);
    }

    [Fact]
    public void Score_ActionItemWithoutDueDate_ActionItemsFail()
    {
        // Arrange
        var incident = Seed001Incident.Create();
        var report = Report(incident);
        var edited = report with { Markdown = report.Markdown.Replace("## Action items\n\n| # | Action | Owner | Due | Status | Why |\n|---|---|---|---|---|---|\n", "## Action items\n\n| # | Action | Owner | Due | Status | Why |\n|---|---|---|---|---|---|\n| 0 | Fix it | | | open | |\n", StringComparison.Ordinal) };

        // Act
        var score = _scorer.Score(incident, edited);

        // Assert
        Assert.False(Assert.Single(score.Sections, s => s.Name == "Action items with owners and due dates").Passed);
    }

    [Fact]
    public void Score_EmptyReport_NothingPassesButBlameless()
    {
        // Arrange
        var incident = Seed001Incident.Create();

        // Act
        var score = _scorer.Score(incident, new PostMortemReport("# Post-mortem\n", "# Runbook\n", Now));

        // Assert
        Assert.Equal(1, score.Passed);
        Assert.Contains("- [ ] Timeline — no '## timeline' section", score.ToMarkdown(), StringComparison.Ordinal);
    }

    private PostMortemReport Report(Incident incident)
    {
        var document = _generator.Generate(incident, Now);
        return new PostMortemReport(document.Markdown, document.Runbook, Now);
    }
}
