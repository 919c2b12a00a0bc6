using System.Security.Cryptography;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>The store contract on SQLite files in a temporary folder, plus what only a file can get wrong.</summary>
public sealed class SqliteIncidentStoreTests : IncidentStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"agentops-store-{Guid.NewGuid():N}");

    private string DatabasePath => Path.Combine(_directory, "data", "agentops.db");

    protected override IReadOnlyList<string> WriterArguments => ["sqlite", DatabasePath];

    [Fact]
    public async Task Initialize_MissingFolder_CreatesFileInWalMode()
    {
        // Arrange
        var path = Path.Combine(_directory, "deeper", "still", "store.db");
        await using var store = SqlIncidentStore.ForSqlite(path);

        // Act
        await store.InitializeAsync();

        // Assert
        Assert.True(File.Exists(path));
        Assert.Equal("wal", await ScalarAsync(path, "PRAGMA journal_mode"));
        Assert.Equal(SqlIncidentStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(path, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task Initialize_DatabaseAtVersion3_AddsSenderColumnsFilledFromTheSavedIncidents()
    {
        // Arrange
        foreach (var (id, email) in new[] { ("INC-2026-0001", "Jean@Client-Existant.fr"), ("INC-2026-0002", "ann@client-existant.fr"), ("INC-2026-0003", "jean@client-existant.fr") })
        {
            var incident = SampleIncidents.Minimal(id);
            incident.Customer = new Core.Model.Customer("Someone", email, "client-existant.fr");
            await Store.SaveAsync(incident);
        }

        await CloseStoresAsync();
        await ExecuteAsync(
            DatabasePath,
            "DROP INDEX ix_incidents_state_priority_created; DROP INDEX ix_incidents_sender_history; ALTER TABLE incidents DROP COLUMN customer_email; DELETE FROM schema_version WHERE version > 3");
        var store = OpenStore();

        // Act
        var history = await ((IIncidentStore)store).GetSenderHistoryAsync("client-existant.fr", "JEAN@client-existant.fr", SampleIncidents.T0, 50);

        // Assert
        Assert.Equal(2, history.PreviousFromSender);
        Assert.Equal(SqlIncidentStore.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await ScalarAsync(DatabasePath, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal("jean@client-existant.fr", await ScalarAsync(DatabasePath, "SELECT customer_email FROM incidents WHERE id = 'INC-2026-0001'"));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("text")]
    [InlineData("short")]
    [InlineData("truncated")]
    [InlineData("truncated-at-page")]
    [InlineData("damaged-pages")]
    public async Task Initialize_CorruptFile_ThrowsNamingFileAndLeavesItUntouched(string damage)
    {
        // Arrange
        for (var n = 1; n <= 40; n++)
        {
            await Store.SaveAsync(SampleIncidents.FullyPopulated($"INC-2026-{n:D4}"));
        }

        await CloseStoresAsync();
        await DamageAsync(DatabasePath, damage);
        var before = await FingerprintAsync();
        var store = OpenStore();

        // Act
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.InitializeAsync());
        await CloseStoresAsync();

        // Assert
        Assert.Contains(DatabasePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("left untouched", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync());
        Assert.False(File.Exists(DatabasePath + "-wal") && new FileInfo(DatabasePath + "-wal").Length > 0);
    }

    [Fact]
    public async Task Initialize_EmptyFile_StartsNewDatabase()
    {
        // Arrange
        var path = Path.Combine(_directory, "empty.db");
        Directory.CreateDirectory(_directory);
        await File.WriteAllBytesAsync(path, []);
        await using var store = SqlIncidentStore.ForSqlite(path);

        // Act
        await store.SaveAsync(SampleIncidents.Minimal("INC-2026-0001"));

        // Assert
        Assert.NotNull(await store.FindAsync("INC-2026-0001"));
    }

    [Fact]
    public async Task Initialize_FolderCannotBeCreated_ThrowsStoreException()
    {
        // Arrange
        Directory.CreateDirectory(_directory);
        var file = Path.Combine(_directory, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        await using var store = SqlIncidentStore.ForSqlite(Path.Combine(file, "agentops.db"));

        // Act
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.InitializeAsync());

        // Assert
        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
    }

    protected override Task CreateDatabaseAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override SqlIncidentStore CreateStore(TimeProvider clock) => SqlIncidentStore.ForSqlite(DatabasePath, clock);

    protected override async Task ExecuteRawAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task<string> FingerprintAsync() =>
        Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(DatabasePath)));

    protected override async Task AssertIntegrityAsync() => Assert.Equal("ok", await ScalarAsync(DatabasePath, "PRAGMA integrity_check"));

    protected override Task DeleteDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task DamageAsync(string path, string damage)
    {
        var bytes = await File.ReadAllBytesAsync(path);
        switch (damage)
        {
            case "garbage":
                new Random(7).NextBytes(bytes);
                break;
            case "text":
                bytes = "this is not a database\n"u8.ToArray();
                break;
            case "short":
                bytes = bytes[..60];
                break;
            case "truncated":
                bytes = bytes[..(bytes.Length / 2 + 100)];
                break;
            case "truncated-at-page":
                bytes = bytes[..(4096 * 3)];
                break;
            case "damaged-pages":
                // Keep the header page, scribble over the b-tree pages behind it.
                new Random(7).NextBytes(bytes.AsSpan(4096, bytes.Length - 4096));
                break;
        }

        await File.WriteAllBytesAsync(path, bytes);
    }
}
