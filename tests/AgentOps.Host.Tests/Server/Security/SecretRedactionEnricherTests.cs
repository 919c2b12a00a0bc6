using AgentOps.Host.Hosting;
using AgentOps.Host.Server.Security;

namespace AgentOps.Host.Tests.Server.Security;

public sealed class SecretRedactionEnricherTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"agentops-logs-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CreateLogger_SecretsInPropertiesAndText_NeverReachTheFile(bool json)
    {
        // Arrange
        var file = Path.Combine(_directory, "agentops.log");
        var logger = AgentOpsServices.CreateLogger(new LoggingOptions { File = file, Json = json, ConsoleLevel = "Fatal" });

        // Act
        logger.Information("Login with {Password}", "hunter2-pw");
        logger.Information("Request headers {Authorization} {XApiKey}", "Bearer abc.def-SECRET1", "key-SECRET2");
        logger.Information("Connecting to {ConnectionString}", "Host=db;Username=ops;Password=SECRET3;Database=agentops");
        logger.Information("Calling {Url}", "https://example.org/hook?token=SECRET4&incident=INC-2026-0001");
        logger.Information("Client {@Client}", new { Name = "github", Token = "ghp_SECRET5aaaaaaaaaaaaaaaaaaaaaaaa", Nested = new { ClientSecret = "SECRET6" } });
        logger.Information("Sent {Header}", "Authorization: Basic dXNlcjpTRUNSRVQ3");
        logger.Information("Headers {@Headers}", new Dictionary<string, string> { ["X-Api-Key"] = "SECRET8", ["Accept"] = "text/plain" });
        logger.Information("Jwt {Value}", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJTRUNSRVQ5In0.c2lnbmF0dXJl");
        ((IDisposable)logger).Dispose();

        // Assert
        var text = string.Concat(Directory.GetFiles(_directory).Select(File.ReadAllText));
        Assert.DoesNotContain("hunter2-pw", text, StringComparison.Ordinal);
        for (var i = 1; i <= 9; i++)
        {
            Assert.DoesNotContain($"SECRET{i}", text, StringComparison.Ordinal);
        }

        Assert.Contains(SecretRedactionEnricher.Mask, text, StringComparison.Ordinal);
        Assert.Contains("INC-2026-0001", text, StringComparison.Ordinal);
        Assert.Contains("text/plain", text, StringComparison.Ordinal);
        Assert.Contains("Username=ops", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password=abc def", "password=*** def")]
    [InlineData("{\"api_key\": \"abc\"}", "{\"api_key\": \"***\"}")]
    [InlineData("Bearer abc.def", "Bearer ***")]
    [InlineData("nothing secret here", "nothing secret here")]
    public void RedactText_MasksOnlyTheSecret(string input, string expected)
    {
        // Act
        var output = SecretRedactionEnricher.RedactText(input);

        // Assert
        Assert.Equal(expected, output);
    }
}
