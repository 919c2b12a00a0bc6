using AgentOps.Core.Model;

namespace AgentOps.Host.Tests.Server;

/// <summary>One server for the read API tests: 24 incidents over every priority and three states, and one rich incident.</summary>
public sealed class IncidentApiFixture : IAsyncLifetime
{
    public static readonly IncidentState[] States = [IncidentState.New, IncidentState.Investigating, IncidentState.Resolved];

    internal ServerHost Host { get; private set; } = null!;

    public Incident Rich { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ServerHost.StartAsync();
        for (var i = 0; i < 24; i++)
        {
            await Host.AddIncidentAsync($"Seeded incident {i}", (Priority)(i % 4 + 1), States[i % 3]);
        }

        Rich = await Host.AddIncidentAsync("Checkout 500 after deploy", Priority.P1, IncidentState.Investigating, incident =>
        {
            var at = incident.CreatedAt;
            incident.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Database, Title = "Check the orders table" });
            incident.Tracks.Add(new Track
            {
                Number = 2,
                Kind = TrackKind.Application,
                Title = "Read the checkout logs",
                DependsOn = [1],
                GitHubIssueNumber = 42,
                Findings =
                [
                    new Finding("F-1", 2, "NullReferenceException in PaymentMapper since 14:02", 0.9, at)
                    {
                        Category = "exception",
                        Evidence = [new Evidence("logs/checkout.log", "NullReferenceException at PaymentMapper.Map", at), new Evidence("deploy", "v2.3.1 at 14:00", at)],
                    },
                ],
            });
            incident.Communications.Add(new Communication
            {
                Id = "C-1", Kind = CommunicationKind.Acknowledgement, Channel = "email", To = "client@example.com",
                Subject = "We are on it", Body = "Hello", CreatedAt = at, Status = CommunicationStatus.Sent, SentAt = at,
            });
            incident.Communications.Add(new Communication
            {
                Id = "C-2", Kind = CommunicationKind.StatusUpdate, Channel = "email", To = "client@example.com",
                Subject = "Update", Body = "Fix in progress", CreatedAt = at,
            });
            incident.PostMortem = new PostMortemReport("# Post-mortem\n\nThe mapper.", "1. Roll back", at);
            for (var e = 2; e <= 250; e++)
            {
                incident.Record(at.AddSeconds(e), "agent", "test", e % 2 == 0 ? "note" : "finding", $"Event {e}");
            }
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
