using System.Globalization;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Storage;

// Usage: dotnet AgentOps.StoreCrashWriter.dll (sqlite <path> | postgres <connection string>) [writer name]
// Loops forever: each iteration creates or updates one incident, appending one timeline event whose Data["outbox"]
// names the one outbox message saved with it, then prints "commit <n> <incident> v<version>" once committed.
if (args.Length < 2 || args[0] is not ("sqlite" or "postgres"))
{
    await Console.Error.WriteLineAsync("usage: AgentOps.StoreCrashWriter (sqlite <path> | postgres <connection string>) [writer name]");
    return 2;
}

var writer = args.Length > 2 ? args[2] : "writer";
await using var store = args[0] == "sqlite" ? SqlIncidentStore.ForSqlite(args[1]) : SqlIncidentStore.ForPostgres(args[1]);
await store.InitializeAsync();
var random = new Random();
var mine = new List<string>();
for (var commit = 1L; ; commit++)
{
    var now = TimeProvider.System.GetUtcNow();
    Incident incident;
    if (mine.Count == 0 || random.Next(4) == 0)
    {
        incident = new Incident
        {
            Id = await store.NextIncidentIdAsync(now),
            Title = $"{writer} incident {mine.Count + 1}",
            Priority = (Priority)random.Next(1, 5),
            CreatedAt = now,
        };
        mine.Add(incident.Id);
    }
    else
    {
        var id = mine[random.Next(mine.Count)];
        incident = await store.FindAsync(id) ?? throw new InvalidOperationException($"{id} vanished.");
    }

    var messageId = $"{writer}-{commit}-{Guid.NewGuid():N}";
    incident.Record(now, writer, "system", incident.Version == 0 ? "created" : "note", $"commit {commit}", new Dictionary<string, string> { ["outbox"] = messageId });
    var changes = new ChangeSet();
    changes.Outbox.Add(new OutboxMessage(messageId, incident.Id, "email", $"{{\"commit\":{commit}}}", now));
    changes.MessageIds.Add($"<{messageId}@crash-writer>");
    changes.Checkpoints[$"{writer}:last-commit"] = commit.ToString(CultureInfo.InvariantCulture);
    await store.SaveAsync(incident, changes);
    Console.WriteLine($"commit {commit} {incident.Id} v{incident.Version}");
}
