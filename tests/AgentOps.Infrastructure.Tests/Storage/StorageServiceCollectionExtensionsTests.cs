using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Infrastructure.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAgentOpsStorage_NoSection_RegistersSqliteStoreUnderWorkingDirectory()
    {
        // Arrange
        using var provider = Build([]);

        // Act
        var store = provider.GetRequiredService<IIncidentStore>();

        // Assert
        var sqlStore = Assert.IsType<SqlIncidentStore>(store);
        Assert.Same(store, provider.GetRequiredService<SqlIncidentStore>());
        Assert.Equal($"SQLite database {Path.Combine(Environment.CurrentDirectory, "data", "agentops.db")}", sqlStore.Description);
    }

    [Fact]
    public async Task AddAgentOpsStorage_SqlitePathConfigured_StoreWorksThere()
    {
        // Arrange
        var directory = Path.Combine(Path.GetTempPath(), $"agentops-di-{Guid.NewGuid():N}");
        var path = Path.Combine(directory, "custom.db");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SampleIncidents.T0));
        services.AddAgentOpsStorage(Configuration(new() { ["Storage:Provider"] = "SQLite", ["Storage:SqlitePath"] = path }));

        try
        {
            await using (var provider = services.BuildServiceProvider())
            {
                // Act
                var id = await provider.GetRequiredService<IIncidentStore>().NextIncidentIdAsync(SampleIncidents.T0);

                // Assert
                Assert.Equal("INC-2026-0001", id);
                Assert.True(File.Exists(path));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AddAgentOpsStorage_Postgres_RegistersPostgresStore()
    {
        // Arrange
        using var provider = Build(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = "Host=db.internal;Port=5433;Username=agentops;Database=incidents",
        });

        // Act
        var store = provider.GetRequiredService<SqlIncidentStore>();

        // Assert
        Assert.Equal("PostgreSQL database incidents on db.internal:5433", store.Description);
    }

    [Theory]
    [InlineData("mysql", null, "Storage:Provider must be 'sqlite' or 'postgres', not 'mysql'.")]
    [InlineData("postgres", null, "Storage:PostgresConnectionString is required when Storage:Provider is 'postgres'.")]
    [InlineData("postgres", " ", "Storage:PostgresConnectionString is required when Storage:Provider is 'postgres'.")]
    public void AddAgentOpsStorage_InvalidOptions_FailValidationNamingTheKey(string provider, string? connectionString, string expected)
    {
        // Arrange
        using var services = Build(new() { ["Storage:Provider"] = provider, ["Storage:PostgresConnectionString"] = connectionString });

        // Act
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);

        // Assert
        Assert.Contains(ex.Failures, failure => failure.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void ResolveSqlitePath_RelativeDefault_ResolvesAgainstGivenDirectory()
    {
        // Arrange
        var options = new StorageOptions();

        // Act
        var path = options.ResolveSqlitePath("/srv/incidents");

        // Assert
        Assert.Equal("/srv/incidents/data/agentops.db", path);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddAgentOpsStorage(Configuration(settings));
        return services.BuildServiceProvider();
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
