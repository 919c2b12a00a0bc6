using AgentOps.Core.Model;
using AgentOps.Core.Skills;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Skills;

namespace AgentOps.Infrastructure.Tests.Skills;

public sealed class SkillManifestLoaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agentops-skills-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Load_RepositorySkills_RouteSeed004ToItsSkills()
    {
        // Arrange
        var skills = SkillManifestLoader.Load(Path.Combine(RepositoryRoot.Path, "skills"));
        var classifier = new RulesTriageClassifier(new SkillRouter(skills));
        var customer = new Customer("Jean Martin", "support@client-existant.fr", "client-existant.fr", "enterprise", "fr");
        var input = new TriageInput(
            "URGENT - Paiements bloqués !!!",
            "Les clients ne peuvent plus payer depuis 10h ce matin !\nMessage d'erreur: \"Erreur 500 lors du paiement\"\n\nC'est CRITIQUE, nous perdons des ventes !")
        { Customer = customer };

        // Act
        var result = await classifier.ClassifyAsync(input);

        // Assert
        Assert.Equal(Priority.P1, result.Priority);
        Assert.Equal(
            ["client-intake", "task-orchestrator", "devops", "backend-developer", "testing-process", "project-management", "support-client"],
            result.Skills);
    }

    [Fact]
    public void Load_ManifestWithAllMembers_ReadsThem()
    {
        // Arrange
        Write("database-analyst", """
            { "name": "database-analyst", "description": "Looks at PostgreSQL.", "intents": ["performance"], "trackKind": "Database",
              "instructions": "Check locks.", "tools": ["postgres.*"], "order": 5, /* comments are fine */ }
            """);

        // Act
        var skill = Assert.Single(SkillManifestLoader.Load(_folder));

        // Assert
        Assert.Equal("database-analyst", skill.Name);
        Assert.Equal(TrackKind.Database, skill.TrackKind);
        Assert.Equal(["postgres.*"], skill.Tools);
        Assert.Equal(["performance"], skill.Intents);
        Assert.Equal(5, skill.Order);
    }

    [Fact]
    public void Load_BadJson_ThrowsNamingTheFile()
    {
        // Arrange
        var path = Write("broken", "{ \"name\": \"broken\", ");

        // Act
        var error = Assert.Throws<InvalidDataException>(() => SkillManifestLoader.Load(_folder));

        // Assert
        Assert.StartsWith($"{path}: invalid skill manifest JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingDescription_ThrowsNamingTheFile()
    {
        // Arrange
        var path = Write("nameless", "{ \"name\": \"x\" }");

        // Act
        var error = Assert.Throws<InvalidDataException>(() => SkillManifestLoader.Load(_folder));

        // Assert
        Assert.Equal($"{path}: a skill manifest needs a non-empty \"name\" and \"description\".", error.Message);
    }

    [Fact]
    public void Load_MissingFolder_GivesNoSkills()
    {
        // Act
        var skills = SkillManifestLoader.Load(Path.Combine(_folder, "nothing"));

        // Assert
        Assert.Empty(skills);
    }

    private string Write(string name, string json)
    {
        var folder = Path.Combine(_folder, name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "skill.json");
        File.WriteAllText(path, json);
        return path;
    }
}
