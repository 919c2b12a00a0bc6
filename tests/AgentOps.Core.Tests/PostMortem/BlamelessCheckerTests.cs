using AgentOps.Core.PostMortem;

namespace AgentOps.Core.Tests.PostMortem;

public sealed class BlamelessCheckerTests
{
    private readonly BlamelessChecker _checker = new();

    [Theory]
    [InlineData("Bob made a mistake in the migration.", "mistake")]
    [InlineData("The index was missing: @bob should have reviewed it.", "should have")]
    [InlineData("Bob a oublié l'index.", "a oublié")]
    [InlineData("C'est la faute de bob.", "faute")]
    public void Check_PersonNamedNextToBlame_Reported(string text, string word)
    {
        // Act
        var violations = _checker.Check(text, ["bob"]);

        // Assert
        Assert.Contains(violations, v => v.Contains($"'{word}'", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Check_PersonNamedWithoutBlame_Clean()
    {
        // Act
        var violations = _checker.Check("Bob approved R-1. The migration missed an index, which was a process gap.", ["bob"]);

        // Assert
        Assert.Empty(violations);
    }

    [Fact]
    public void Check_BlameInAnotherSentence_Clean()
    {
        // Act
        var violations = _checker.Check("Bob restarted the service.\nNo one is at fault; the review process missed it.", ["bob"]);

        // Assert
        Assert.Empty(violations);
    }

    [Fact]
    public void Check_NameInsideAnotherWord_NotTakenForThePerson()
    {
        // Act
        var violations = _checker.Check("The bobcat service failed to start.", ["bob"]);

        // Assert
        Assert.Empty(violations);
    }

    [Fact]
    public void PeopleOf_Seed001_PeopleButNotComponents()
    {
        // Act
        var people = BlamelessChecker.PeopleOf(Seed001Incident.Create());

        // Assert
        Assert.Equal(["carol"], people);
    }
}
