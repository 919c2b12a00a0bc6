using AgentOps.Core.Model;
using AgentOps.Core.Skills;

namespace AgentOps.Core.Tests.Skills;

public sealed class SkillRouterTests
{
    private static SkillRouter Router() => new([
        new SkillManifest("security", "sec") { Intents = ["security"], Order = 30 },
        new SkillManifest("client-intake", "intake") { Intents = ["*"], Order = 10 },
        new SkillManifest("project-management", "pm") { Intents = ["feature-request"], Priorities = ["P1", "P2"], Order = 60 },
        new SkillManifest("devops", "ops") { Intents = ["outage", "bug"], Order = 30 },
    ]);

    [Fact]
    public void RouteNames_BugP1_MatchesIntentWildcardAndPriorityInOrder()
    {
        // Arrange
        var router = Router();

        // Act
        var skills = router.RouteNames("bug", Priority.P1);

        // Assert
        Assert.Equal(["client-intake", "devops", "project-management"], skills);
    }

    [Fact]
    public void RouteNames_BugP3_LeavesOutPriorityOnlySkills()
    {
        // Arrange
        var router = Router();

        // Act
        var skills = router.RouteNames("BUG", Priority.P3);

        // Assert
        Assert.Equal(["client-intake", "devops"], skills);
    }

    [Fact]
    public void Constructor_DuplicateNames_Throws()
    {
        // Act
        var error = Assert.Throws<ArgumentException>(() => new SkillRouter([new SkillManifest("a", "x"), new SkillManifest("A", "y")]));

        // Assert
        Assert.Contains("two skills are named 'a'", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
