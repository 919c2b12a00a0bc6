using AgentOps.Core.Model;

namespace AgentOps.Host.Tests.Server;

/// <summary>One server (request limit 64 KiB) with one investigating incident holding an open track, a draft and a timeline.</summary>
public sealed class HostileRequestFixture : IAsyncLifetime
{
    public const long MaxBodyBytes = 64 * 1024;

    internal ServerHost Host { get; private set; } = null!;

    public string IncidentId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await ServerHost.StartAsync(new Dictionary<string, string?>
        {
            ["Server:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Server:RateLimitPermits"] = "0",
            ["GitHub:WebhookSecret"] = "It's a Secret to Everybody",
            ["GitHub:Owner"] = "acme",
            ["GitHub:Repo"] = "payments",
            ["GitHub:BaseUrl"] = "http://127.0.0.1:9/",
            ["GitHub:PollInterval"] = "01:00:00",
        });
        var incident = await Host.AddIncidentAsync("Checkout 500", Priority.P2, IncidentState.Investigating, i =>
        {
            i.Tracks.Add(new Track { Number = 1, Kind = TrackKind.Application, Title = "Read the logs" });
            i.Communications.Add(new Communication
            {
                Id = "C-1", Kind = CommunicationKind.StatusUpdate, Channel = "email", To = "client@example.com",
                Subject = "Update", Body = "Fix in progress", CreatedAt = i.CreatedAt,
            });
        });
        IncidentId = incident.Id;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
