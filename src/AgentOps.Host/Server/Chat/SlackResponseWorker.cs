using System.Text.RegularExpressions;
using AgentOps.Core.Commands;
using AgentOps.Infrastructure.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Chat;

/// <summary>
/// Runs acknowledged Slack commands (<see cref="SlackChatOptions.Workers"/> at a time) and POSTs each full result to its
/// <c>response_url</c>: only to the user for read verbs, to the channel for verbs that change something.
/// </summary>
public sealed partial class SlackResponseWorker(
    SlackResponseQueue queue,
    CommandExecutor executor,
    SlackResponsePoster poster,
    IOptions<ChatOptions> options,
    ILogger<SlackResponseWorker> logger) : BackgroundService
{
    /// <summary>Longest command output posted (Slack refuses messages over 40,000 characters, and escaping adds some).</summary>
    public const int MaxChars = 30_000;

    /// <summary>The message POSTed for <paramref name="result"/> of <paramref name="job"/>.</summary>
    public static object Message(SlackResponseJob job, CommandResult result)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(result);
        var who = SlackUserId().IsMatch(job.UserId) ? $"<@{job.UserId}>" : ChatText.EscapeSlack(job.Actor.Name);
        var verdict = result.ExitCode switch
        {
            0 => string.Empty,
            2 => " (usage error, nothing was done)",
            _ => " (refused, nothing was done)",
        };
        var header = $"`pm {ChatText.EscapeSlack(string.Join(' ', [job.Command.Verb, .. job.Command.Arguments]))}` by {who}{verdict}:";
        var inChannel = !job.Command.Spec.IsRead && result.ExitCode == 0;
        return new { response_type = inChannel ? "in_channel" : "ephemeral", replace_original = false, text = header + "\n" + ChatText.SlackCodeBlock(ChatText.Truncate(result.Text, MaxChars)) };
    }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.Slack.Workers).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await HandleAsync(job, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(SlackResponseJob job, CancellationToken stoppingToken)
    {
        CommandResult result;
        try
        {
            result = await executor.ExecuteAsync(job.Command, job.Actor, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Job boundary: the user still gets an answer, the operator the details in the log.
            logger.LogError(ex, "Slack command {Verb} from {Actor} failed", job.Command.Verb, job.Actor.Name);
            result = CommandResult.Failure($"The command failed inside AgentOps ({ex.GetType().Name}); the operators have the details in the log.");
        }

        try
        {
            var (delivered, attempts) = await poster.PostAsync(job.ResponseUrl, Message(job, result), stoppingToken).ConfigureAwait(false);
            logger.LogInformation("Slack command {Verb} from {Actor}: exit {ExitCode}, result {Outcome} after {Attempts} attempt(s)",
                job.Command.Verb, job.Actor.Name, result.ExitCode, delivered ? "delivered" : "not delivered", attempts);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Posting the result of Slack command {Verb} from {Actor} failed", job.Command.Verb, job.Actor.Name);
        }
    }

    [GeneratedRegex("^[A-Z0-9]{2,32}$")]
    private static partial Regex SlackUserId();
}
