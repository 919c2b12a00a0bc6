using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;
using Microsoft.Data.Sqlite;

namespace AgentOps.Infrastructure.Tests.Storage;

/// <summary>
/// Sender history inside a SQLite batch, where the store keeps what it read per domain and applies the batch's own saves
/// (<see cref="SenderHistoryMemo"/>): it must answer exactly what a store without a batch answers.
/// </summary>
public sealed class SqliteSenderHistoryBatchTests : IAsyncDisposable
{
    private static readonly string[] Domains = ["client-existant.fr", "other.com", "tiny.io"];
    private static readonly string[] Senders = ["jean", "ann", "bob"];
    private static readonly IncidentState[] States = [IncidentState.New, IncidentState.Triaged, IncidentState.Investigating, IncidentState.Resolved, IncidentState.Closed];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"agentops-history-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task GetSenderHistory_RandomSavesUndoneItemsAndQueriesInBatches_SameAnswersAsWithoutBatch(int seed)
    {
        // Arrange
        var random = new Random(seed);
        await using var batched = SqlIncidentStore.ForSqlite(Path.Combine(_directory, $"batched-{seed}.db"));
        await using var plain = SqlIncidentStore.ForSqlite(Path.Combine(_directory, $"plain-{seed}.db"));
        var model = new Dictionary<string, Shape>(StringComparer.Ordinal);
        var versions = (Batched: new Dictionary<string, long>(), Plain: new Dictionary<string, long>());
        var compared = 0;

        // Act and assert, step by step
        for (var round = 0; round < 6; round++)
        {
            await using var batch = ((IIncidentStore)batched).BeginBatch();
            Assert.NotNull(batch);
            for (var step = 0; step < 60; step++)
            {
                if (random.Next(3) == 0)
                {
                    var (domain, email, since, limit) = RandomQuery(random);
                    var expected = await ((IIncidentStore)plain).GetSenderHistoryAsync(domain, email, since, limit);
                    var actual = await ((IIncidentStore)batched).GetSenderHistoryAsync(domain, email, since, limit);
                    Assert.Equal(expected.PreviousFromSender, actual.PreviousFromSender);
                    Assert.Equal(expected.RecentOpen, actual.RecentOpen);
                    compared++;
                    continue;
                }

                var shape = RandomChange(random, model);
                var keep = random.Next(5) != 0;
                await batch.BeginItemAsync();
                await batched.SaveAsync(shape.ToIncident(versions.Batched.GetValueOrDefault(shape.Id)));
                await batch.EndItemAsync(keep);
                if (keep)
                {
                    versions.Batched[shape.Id] = versions.Batched.GetValueOrDefault(shape.Id) + 1;
                    await plain.SaveAsync(shape.ToIncident(versions.Plain.GetValueOrDefault(shape.Id)));
                    versions.Plain[shape.Id] = versions.Plain.GetValueOrDefault(shape.Id) + 1;
                    model[shape.Id] = shape;
                }
            }

            await batch.CommitAsync();
        }

        Assert.True(compared > 50);
    }

    [Fact]
    public void TryGet_AfterRememberAndInsertions_AnswersWithoutTheDatabaseUntilAnUpdateMovesARowIn()
    {
        // Arrange
        var memo = new SenderHistoryMemo();
        SenderHistoryMemo.Row Row(string id, int priority, long created, string email, string state = "New") => new(id, priority, created, email, state, "t " + id);
        memo.Remember("a.fr", 2, 100, [Row("INC-1", 1, 100, "x@a.fr"), Row("INC-2", 2, 100, "y@a.fr")], [Row("INC-1", 1, 100, "x@a.fr")]);

        // Act
        var first = memo.TryGet("a.fr", "x@a.fr", 100, 2, out var before);
        memo.Saved(Row("INC-3", 1, 200, "x@a.fr"), "a.fr", inserted: true);
        var second = memo.TryGet("a.fr", "x@a.fr", 100, 2, out var after);
        memo.Saved(Row("INC-2", 1, 50, "y@a.fr"), "a.fr", inserted: false);
        var third = memo.TryGet("a.fr", "x@a.fr", 100, 2, out _);

        // Assert
        Assert.True(first);
        Assert.Equal(1, before.PreviousFromSender);
        Assert.Equal(["INC-1"], before.RecentOpen.Select(h => h.Id));
        Assert.True(second);
        Assert.Equal(2, after.PreviousFromSender);
        Assert.Equal(["INC-1", "INC-3"], after.RecentOpen.Select(h => h.Id));
        Assert.False(third);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static (string Domain, string Email, DateTimeOffset Since, int Limit) RandomQuery(Random random)
    {
        var domain = random.Next(6) == 0 ? string.Empty : Domains[random.Next(Domains.Length)];
        var email = $"{Senders[random.Next(Senders.Length)]}@{(domain.Length == 0 ? Domains[0] : domain)}".ToUpperInvariant();
        return (domain, email, SampleIncidents.T0.AddMinutes(random.Next(0, 40)), random.Next(4) == 0 ? 50 : random.Next(1, 4));
    }

    private static Shape RandomChange(Random random, Dictionary<string, Shape> model)
    {
        if (model.Count == 0 || random.Next(2) == 0)
        {
            var id = $"INC-2026-{model.Count + 1 + random.Next(1_000_000):D7}";
            while (model.ContainsKey(id))
            {
                id += "x";
            }

            return RandomShape(random, id);
        }

        var existing = model.Values.ElementAt(random.Next(model.Count));
        return random.Next(4) switch
        {
            0 => existing, // saved again unchanged, as the intake does when it adds a reply
            1 => existing with { State = States[random.Next(States.Length)] },
            2 => existing with { Priority = (Priority)random.Next(1, 5), Title = $"changed {random.Next(100)}" },
            _ => RandomShape(random, existing.Id) with { CreatedAt = existing.CreatedAt },
        };
    }

    private static Shape RandomShape(Random random, string id)
    {
        var domain = random.Next(8) == 0 ? null : Domains[random.Next(Domains.Length)];
        var sender = $"{Senders[random.Next(Senders.Length)]}@{domain ?? "nowhere.net"}";
        return new Shape(id, (Priority)random.Next(1, 5), SampleIncidents.T0.AddMinutes(random.Next(0, 60)), domain, sender, States[random.Next(3)], $"title {random.Next(20)}");
    }

    /// <summary>What sender history reads of an incident.</summary>
    private sealed record Shape(string Id, Priority Priority, DateTimeOffset CreatedAt, string? Domain, string Email, IncidentState State, string Title)
    {
        public Incident ToIncident(long version) => new()
        {
            Id = Id,
            Title = Title,
            Priority = Priority,
            CreatedAt = CreatedAt,
            State = State,
            Version = version,
            Customer = Domain is null ? null : new Customer("Someone", Email, Domain),
        };
    }
}
