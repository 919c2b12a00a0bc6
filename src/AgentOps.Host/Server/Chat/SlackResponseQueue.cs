using System.Threading.Channels;
using AgentOps.Infrastructure.Chat;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Chat;

/// <summary>The bounded queue between the Slack endpoint (which acknowledges at once) and <see cref="SlackResponseWorker"/>.</summary>
public sealed class SlackResponseQueue(IOptions<ChatOptions> options)
{
    private readonly Channel<SlackResponseJob> _channel = Channel.CreateBounded<SlackResponseJob>(
        new BoundedChannelOptions(options.Value.Slack.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>How many commands wait for a worker.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Queues <paramref name="job"/>; <see langword="false"/> when the queue is full.</summary>
    public bool TryEnqueue(SlackResponseJob job) => _channel.Writer.TryWrite(job);

    /// <summary>The jobs, for the worker.</summary>
    public ChannelReader<SlackResponseJob> Reader => _channel.Reader;
}
