using AgentOps.Core.Intake;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.Hosting;

namespace AgentOps.Infrastructure.Orchestration;

/// <summary>
/// Watches the drop folder in <c>agentops serve</c> (<see cref="DropFolderSource.DefaultInbox"/>: <c>Mail:InboxPath</c>,
/// default <c>./inbox</c> under the content root, as <c>agentops intake --dir</c> reads it; other nodes may watch the same
/// folder) and wakes the <see cref="PipelineWorker"/> after every email that created or updated an incident, so the
/// pipeline starts on it at once.
/// </summary>
public sealed class DropFolderIntakeWorker : BackgroundService
{
    private readonly DropFolderSource _source;
    private readonly PipelineWorker _pipeline;
    private readonly string _inbox;

    /// <summary>Creates the worker.</summary>
    public DropFolderIntakeWorker(DropFolderSource source, PipelineWorker pipeline)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _pipeline = pipeline;
        _inbox = source.DefaultInbox;
    }

    /// <summary>The folder watched.</summary>
    public string Inbox => _inbox;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _source.WatchAsync(_inbox, (outcome, _) =>
        {
            if (outcome.Status is IntakeStatus.Created or IntakeStatus.Updated)
            {
                _pipeline.Wake();
            }

            return Task.CompletedTask;
        }, stoppingToken);
}
