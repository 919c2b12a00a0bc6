using AgentOps.Core.Intake;

namespace AgentOps.Core.Tests.Intake;

public sealed class TextSimilarityTests
{
    [Fact]
    public void Jaccard_SameWordsDifferentCaseAndNumbers_IsOne()
    {
        // Arrange
        var a = TextSimilarity.Words("RE: Paiements bloqués 500");
        var b = TextSimilarity.Words("paiements BLOQUÉS 503");

        // Act
        var score = TextSimilarity.Jaccard(a, b);

        // Assert
        Assert.Equal(1.0, score);
    }

    [Fact]
    public void Jaccard_UnrelatedTexts_IsLow()
    {
        // Act
        var score = TextSimilarity.Jaccard(TextSimilarity.Words("payments blocked in production"), TextSimilarity.Words("invoice address change request"));

        // Assert
        Assert.True(score < 0.1, $"score {score}");
    }
}
