using System.Net;
using AgentOps.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The HTTP layer under Octokit and the raw calls: honours primary rate limits (waits for <c>X-RateLimit-Reset</c>) and
/// secondary ones (403/429 with <c>Retry-After</c>), retries 5xx answers and timeouts with jittered exponential backoff.
/// A POST that creates something (an issue, a comment) is not retried on 5xx: GitHub may have created it, and the
/// caller reconciles by marker instead. Rate-limited calls were not executed by GitHub and are retried whatever the method.
/// </summary>
internal sealed class GitHubResilienceHandler : DelegatingHandler
{
    private const string AttemptKey = "agentops.github.request";

    private readonly GitHubOptions _options;
    private readonly TimeProvider _time;
    private readonly GitHubRateLimitGate _gate;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public GitHubResilienceHandler(GitHubOptions options, TimeProvider time, GitHubRateLimitGate gate, ILogger logger)
    {
        _options = options;
        _time = time;
        _gate = gate;
        _logger = logger;
        var retry = new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = TimeSpan.FromSeconds(30),
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Context, args.Outcome)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r && IsRateLimited(r) ? RateLimitDelay(r) : (TimeSpan?)null),
            OnRetry = args =>
            {
                _logger.LogWarning(
                    "GitHub call failed ({Outcome}); retry {Attempt} in {Delay}",
                    args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name,
                    args.AttemptNumber + 1,
                    args.RetryDelay);
                args.Outcome.Result?.Dispose();
                return ValueTask.CompletedTask;
            },
        };
        if (options.MaxRetries == 0)
        {
            _pipeline = ResiliencePipeline<HttpResponseMessage>.Empty;
        }
        else
        {
            _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }.AddRetry(retry).Build();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(new ResiliencePropertyKey<HttpRequestMessage>(AttemptKey), request);
        try
        {
            var response = await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    await WaitForPrimaryLimitAsync(ctx.CancellationToken).ConfigureAwait(false);
                    using var attempt = Clone(state.Request, state.Body);
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.CancellationToken);
                    timeout.CancelAfter(_options.RequestTimeout);
                    try
                    {
                        var answer = await base.SendAsync(attempt, timeout.Token).ConfigureAwait(false);
                        AgentOpsMetrics.RecordGitHubCall(state.Request.Method.Method, ((int)answer.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                        _gate.Observe(answer.Headers);
                        return answer;
                    }
                    catch (OperationCanceledException) when (!ctx.CancellationToken.IsCancellationRequested)
                    {
                        AgentOpsMetrics.RecordGitHubCall(state.Request.Method.Method, "timeout");
                        throw new TimeoutException($"GitHub did not answer {state.Request.Method} {state.Request.RequestUri?.AbsolutePath} within {_options.RequestTimeout}.");
                    }
                },
                context,
                (Request: request, Body: body)).ConfigureAwait(false);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task WaitForPrimaryLimitAsync(CancellationToken cancellationToken)
    {
        var wait = _gate.DelayBeforeNextCall();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        if (wait > _options.MaxRateLimitWait)
        {
            throw new GitHubException($"GitHub's rate limit is spent and resets in {wait:g}, longer than GitHub:MaxRateLimitWait ({_options.MaxRateLimitWait:g}); try again later.", 403);
        }

        _logger.LogWarning("GitHub rate limit spent; waiting {Delay} for the reset", wait);
        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
    }

    private static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        context.Properties.TryGetValue(new ResiliencePropertyKey<HttpRequestMessage>(AttemptKey), out var request);
        var replayable = request is not null && IsReplayable(request);
        if (outcome.Exception is not null)
        {
            return replayable && outcome.Exception is HttpRequestException or TimeoutException;
        }

        var response = outcome.Result!;
        if (IsRateLimited(response))
        {
            return true;
        }

        return replayable && (int)response.StatusCode >= 500;
    }

    /// <summary>Whether sending the request twice has the effect of sending it once.</summary>
    internal static bool IsReplayable(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Post)
        {
            return true;
        }

        // Creating a label twice gives 422 already_exists, linking a sub-issue twice 422, a second installation token is harmless.
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        return path.EndsWith("/labels", StringComparison.Ordinal)
            || path.EndsWith("/sub_issues", StringComparison.Ordinal)
            || path.EndsWith("/milestones", StringComparison.Ordinal)
            || path.EndsWith("/access_tokens", StringComparison.Ordinal);
    }

    /// <summary>A 403 or 429 that is a primary or secondary rate limit (not a permission refusal).</summary>
    internal static bool IsRateLimited(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return false;
        }

        return response.Headers.RetryAfter is not null
            || GitHubRateLimitGate.ReadLong(response.Headers, "X-RateLimit-Remaining") == 0;
    }

    private TimeSpan RateLimitDelay(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        TimeSpan delay;
        if (retryAfter?.Delta is { } delta)
        {
            delay = delta;
        }
        else if (retryAfter?.Date is { } date)
        {
            delay = date - _time.GetUtcNow();
        }
        else if (GitHubRateLimitGate.ReadLong(response.Headers, "X-RateLimit-Reset") is { } reset)
        {
            delay = DateTimeOffset.FromUnixTimeSeconds(reset) - _time.GetUtcNow() + TimeSpan.FromSeconds(1);
        }
        else
        {
            delay = TimeSpan.FromMinutes(1);
        }

        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        if (delay > _options.MaxRateLimitWait)
        {
            throw new GitHubException($"GitHub asks to wait {delay:g} (rate limit), longer than GitHub:MaxRateLimitWait ({_options.MaxRateLimitWait:g}); try again later.", (int)response.StatusCode);
        }

        return delay;
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var clone = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            clone.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            clone.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                clone.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in request.Options)
        {
            clone.Options.Set(new HttpRequestOptionsKey<object?>(option.Key), option.Value);
        }

        return clone;
    }
}
