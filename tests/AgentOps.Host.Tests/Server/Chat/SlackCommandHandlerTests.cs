using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentOps.Host.Server.Chat;
using AgentOps.Infrastructure.Chat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AgentOps.Host.Tests.Server.Chat;

public sealed class SlackCommandHandlerTests
{
    private const string Secret = "handler-secret";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 4, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Handle_NoSigningSecretConfigured_Is503()
    {
        // Arrange
        var handler = Create(new ChatOptions(), out _);
        var (body, timestamp, signature) = Signed("status");

        // Act
        var result = handler.Handle("application/x-www-form-urlencoded", timestamp, signature, body);

        // Assert
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ((IStatusCodeHttpResult)result).StatusCode);
    }

    [Fact]
    public void Handle_QueueFull_RepliesBusyAndQueuesNothingMore()
    {
        // Arrange
        var options = Options();
        options.Slack.QueueCapacity = 1;
        var handler = Create(options, out var queue);
        var (firstBody, firstTimestamp, firstSignature) = Signed("status");
        var (secondBody, secondTimestamp, secondSignature) = Signed("sla");

        // Act
        handler.Handle("application/x-www-form-urlencoded", firstTimestamp, firstSignature, firstBody);
        var busy = handler.Handle("application/x-www-form-urlencoded", secondTimestamp, secondSignature, secondBody);

        // Assert
        Assert.Equal(1, queue.Count);
        Assert.Contains("busy", Text(busy), StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_WorkspaceNotAllowed_Is403()
    {
        // Arrange
        var options = Options();
        options.Slack.TeamId = "T-OURS";
        var handler = Create(options, out var queue);
        var (body, timestamp, signature) = Signed("status");

        // Act
        var result = handler.Handle("application/x-www-form-urlencoded", timestamp, signature, body);

        // Assert
        Assert.Equal(StatusCodes.Status403Forbidden, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Handle_SignedFiveMinutesAndOneSecondAgo_Is401()
    {
        // Arrange
        var handler = Create(Options(), out var queue);
        var (body, timestamp, signature) = Signed("status");
        _time.Advance(TimeSpan.FromSeconds(301));

        // Act
        var result = handler.Handle("application/x-www-form-urlencoded", timestamp, signature, body);

        // Assert
        Assert.Equal(StatusCodes.Status401Unauthorized, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Handle_AcceptedCommand_QueuesItWithTheActorAndTarget()
    {
        // Arrange
        var handler = Create(Options(), out var queue);
        var (body, timestamp, signature) = Signed("/pm:incident-show INC-2026-0001");

        // Act
        var result = handler.Handle("application/x-www-form-urlencoded", timestamp, signature, body);

        // Assert
        Assert.Contains("Running `pm incident-show INC-2026-0001`", Text(result), StringComparison.Ordinal);
        Assert.True(queue.Reader.TryRead(out var job));
        Assert.Equal("slack:ada", job!.Actor.Name);
        Assert.Equal("chat", job.Actor.Source);
        Assert.Equal("https://hooks.slack.com/commands/T1/2/x", job.ResponseUrl.ToString());
    }

    [Fact]
    public void Handle_SignedSslCheck_Is200AndQueuesNothing()
    {
        // Arrange
        var handler = Create(Options(), out var queue);
        var body = Encoding.UTF8.GetBytes("ssl_check=1&token=deprecated");
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        // Act
        var result = handler.Handle("application/x-www-form-urlencoded", timestamp, SlackSignature.Compute(Secret, timestamp, body), body);

        // Assert
        Assert.Equal(StatusCodes.Status200OK, ((IStatusCodeHttpResult)result).StatusCode);
        Assert.Equal(0, queue.Count);
    }

    private static ChatOptions Options() => new() { Slack = { SigningSecret = Secret } };

    private SlackCommandHandler Create(ChatOptions options, out SlackResponseQueue queue)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        queue = new SlackResponseQueue(wrapped);
        return new SlackCommandHandler(wrapped, new ChatPermissions(options), new ChatReplayCache(_time, options.ReplayWindow), queue, _time, NullLogger<SlackCommandHandler>.Instance);
    }

    private (byte[] Body, string Timestamp, string Signature) Signed(string text)
    {
        var body = Encoding.UTF8.GetBytes(
            $"team_id=T1&user_id=U1&user_name=ada&command=%2Fpm&text={Uri.EscapeDataString(text)}&response_url={Uri.EscapeDataString("https://hooks.slack.com/commands/T1/2/x")}&trigger_id={Guid.NewGuid():N}");
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (body, timestamp, SlackSignature.Compute(Secret, timestamp, body));
    }

    private static string Text(IResult result)
    {
        var json = JsonSerializer.Serialize(((IValueHttpResult)result).Value);
        return JsonDocument.Parse(json).RootElement.GetProperty("text").GetString()!;
    }
}
