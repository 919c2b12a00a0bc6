namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>The storage test classes that share one PostgreSQL server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "storage-postgres";
}
