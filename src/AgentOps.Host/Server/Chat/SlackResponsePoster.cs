using System.Net;
using System.Net.Http.Json;
using AgentOps.Infrastructure.Chat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentOps.Host.Server.Chat;

/// <summary>
/// POSTs a message to a Slack <c>response_url</c>, retrying network errors, timeouts, 429 and 5xx with a doubling delay
/// (a longer <c>Retry-After</c> wins) up to <see cref="SlackChatOptions.MaxAttempts"/>. Other 4xx answers (Slack's
/// <c>expired_url</c>, <c>used_url</c>) are final. Redirects are not followed.
/// </summary>
public sealed class SlackResponsePoster(HttpClient http, IOptions<ChatOptions> options, TimeProvider time, ILogger<SlackResponsePoster> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for this poster.</summary>
    public const string HttpClientName = "AgentOps.Chat.Slack";

    private static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(1);

    /// <summary>Posts <paramref name="message"/> (serialized as JSON) to <paramref name="responseUrl"/>.</summary>
    /// <returns>How many attempts were made and whether the last one was accepted.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<(bool Delivered, int Attempts)> PostAsync(Uri responseUrl, object message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        var slack = options.Value.Slack;
        var delay = slack.RetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            string failure;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(slack.PostTimeout);
                using var response = await http.PostAsJsonAsync(responseUrl, message, timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return (true, attempt);
                }

                failure = $"HTTP {(int)response.StatusCode}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                {
                    logger.LogWarning("Slack response_url refused the result ({Failure}); not retried", failure);
                    return (false, attempt);
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException ex)
            {
                failure = ex.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {slack.PostTimeout.TotalSeconds:0.#} s";
            }

            if (attempt >= slack.MaxAttempts)
            {
                logger.LogError("Slack response_url still failing after {Attempts} attempts ({Failure}); result dropped", attempt, failure);
                return (false, attempt);
            }

            var wait = retryAfter is { } after && after > delay ? after : delay;
            logger.LogInformation("Slack response_url attempt {Attempt} failed ({Failure}); retrying in {Delay}", attempt, failure, wait);
            await Task.Delay(wait < MaxDelay ? wait : MaxDelay, time, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }
}
