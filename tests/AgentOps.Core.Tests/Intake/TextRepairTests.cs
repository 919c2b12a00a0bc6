using AgentOps.Core.Intake;

namespace AgentOps.Core.Tests.Intake;

public sealed class TextRepairTests
{
    [Theory]
    [InlineData("ScÃ©nario", "Scénario")]
    [InlineData("R√©solution", "Résolution")]
    [InlineData("Paiements bloquÃ©s, Ã§a ne marche plus Ã\u00A0 10h", "Paiements bloqués, ça ne marche plus à 10h")]
    [InlineData("Le coÃ»t est de 10 â‚¬ â€” merci", "Le coût est de 10 € — merci")]
    [InlineData("GrÃ¼ÃŸe aus MÃ¼nchen", "Grüße aus München")]
    [InlineData("Ã¢â‚¬Å“double encoded", "“double encoded")]
    [InlineData("Probl√®me de connexion", "Problème de connexion")]
    public void Repair_Mojibake_RestoresText(string broken, string expected)
    {
        // Act
        var repaired = TextRepair.Repair(broken);

        // Assert
        Assert.Equal(expected, repaired);
    }

    [Theory]
    [InlineData("Scénario urgent : paiements bloqués")]
    [InlineData("„Fuß“ und «élan» – très bien")]
    [InlineData("Straße, Ärger, Öl, ñandú, ¿qué?")]
    [InlineData("plain ASCII text")]
    public void Repair_CorrectText_LeavesItUnchanged(string text)
    {
        // Act
        var repaired = TextRepair.Repair(text);

        // Assert
        Assert.Same(text, repaired);
        Assert.False(TextRepair.HasMojibake(text));
    }

    [Theory]
    [InlineData("ScÃ©nario")]
    [InlineData("Ã¢â‚¬Å“double encoded")]
    [InlineData("Probl√®me de connexion")]
    [InlineData("„Fuß“ und «élan» – très bien")]
    [InlineData("plain ASCII text")]
    public void TryRepair_AnyText_AgreesWithRepair(string text)
    {
        // Act
        var changed = TextRepair.TryRepair(text.AsSpan(), out var repaired);

        // Assert
        Assert.Equal(!ReferenceEquals(TextRepair.Repair(text), text), changed);
        Assert.Equal(changed ? TextRepair.Repair(text) : null, repaired);
    }
}
