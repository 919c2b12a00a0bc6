using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Communication;
using AgentOps.Infrastructure.Mail;
using AgentOps.Infrastructure.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentOps.Infrastructure.Tests.Communication;

public sealed class OutboxDispatcherHostedServiceTests
{
    [Fact]
    public async Task ExecuteAsync_MessageQueuedWhileRunning_DeliveredOnTheNextPass()
    {
        // Arrange
        var folder = Path.Combine(Path.GetTempPath(), $"agentops-outbox-{Guid.NewGuid():N}");
        var ctx = new CommsTestContext();
        ctx.Options.OutboxFolder = folder;
        await ctx.AddAsync(Seed004Incident.Create(resolved: false));
        var options = new OutboxDispatcherOptions { PollInterval = TimeSpan.FromSeconds(5) };
        var dispatcher = new OutboxDispatcher(ctx.Store, [new EmailOutboxHandler(new SmtpOptions(), ctx.Options, ctx.Store, ctx.Time)], [ctx.Service], options, ctx.Time);
        using var service = new OutboxDispatcherHostedService(dispatcher, options, ctx.Time, NullLogger<OutboxDispatcherHostedService>.Instance);
        await service.StartAsync(CancellationToken.None);

        try
        {
            // Act
            await ctx.Service.AcknowledgeIfDueAsync("INC-2025-0001");
            var delivered = false;
            for (var i = 0; i < 100 && !delivered; i++)
            {
                ctx.Time.Advance(options.PollInterval);
                await Task.Delay(50);
                delivered = (await ctx.Store.ListOutboxAsync()).Any(m => m.Status == OutboxStatus.Delivered);
            }

            // Assert
            Assert.True(delivered);
            Assert.Single(Directory.GetFiles(folder, "*.eml"));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
