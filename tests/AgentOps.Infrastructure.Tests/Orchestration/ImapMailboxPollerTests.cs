using AgentOps.Core.Intake;
using AgentOps.Core.Model;
using AgentOps.Core.Persistence;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Orchestration;
using AgentOps.Infrastructure.Tests.Mail;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tests.Orchestration;

public sealed class ImapMailboxPollerTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>
{
    private readonly IntakeHarness _harness = new(intake: new IntakeOptions { BurstWindow = TimeSpan.Zero });

    [Fact]
    public async Task PollAsync_NewMail_TakesItInOnce()
    {
        // Arrange
        var folder = $"Poll{Guid.NewGuid():N}"[..20];
        await dovecot.CreateFolderAsync(folder);
        await dovecot.AppendAsync(folder, TestMail.Seed());
        var poller = new ImapMailboxPoller(Source(folder));

        // Act
        var first = await poller.PollAsync(CancellationToken.None);
        var second = await poller.PollAsync(CancellationToken.None);

        // Assert
        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Single(await _harness.Store.ListAsync(new IncidentQuery { Limit = 10 }));
    }

    [Fact]
    public async Task PollAsync_WhileIdleWatcherRunsOnTheSameSource_EachMessageOpensOneIncident()
    {
        // Arrange
        var folder = $"Poll{Guid.NewGuid():N}"[..20];
        await dovecot.CreateFolderAsync(folder);
        var source = Source(folder);
        var poller = new ImapMailboxPoller(source);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var idle = source.RunAsync(null, cts.Token);

        // Act: the scheduler's poll fallback keeps polling while mail arrives and IDLE reports it.
        var polls = Task.Run(async () =>
        {
            var taken = 0;
            for (var i = 0; i < 20; i++)
            {
                taken += await poller.PollAsync(cts.Token);
            }

            return taken;
        });
        for (var i = 1; i <= 6; i++)
        {
            await dovecot.AppendAsync(folder, TestMail.Simple($"race{i}@client", $"incident {i} différent", $"corps {i}"));
        }

        await polls;
        var incidents = await EventuallyAsync(6, TimeSpan.FromSeconds(20));
        await cts.CancelAsync();
        await idle;

        // Assert
        Assert.Equal(6, incidents.Count);
        Assert.Equal(6, incidents.SelectMany(i => i.MessageIds).Distinct().Count());
    }

    private ImapMailSource Source(string folder) =>
        new(_harness.Service, _harness.Store, Options.Create(dovecot.Options(folder)), Options.Create(_harness.MailOptions), TimeProvider.System, NullLogger<ImapMailSource>.Instance);

    private async Task<IReadOnlyList<Incident>> EventuallyAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var incidents = await _harness.Store.ListAsync(new IncidentQuery { Limit = 100 });
            if (incidents.Count >= count || DateTime.UtcNow > deadline)
            {
                // One more look: a duplicate would show up right after.
                await Task.Delay(300);
                return await _harness.Store.ListAsync(new IncidentQuery { Limit = 100 });
            }

            await Task.Delay(100);
        }
    }
}
