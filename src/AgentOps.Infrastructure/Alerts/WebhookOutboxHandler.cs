using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;

namespace AgentOps.Infrastructure.Alerts;

/// <summary>
/// Delivers outbox messages of kind <c>webhook</c>: internal alerts POSTed to the incoming webhook of the named channel
/// (Slack, Teams, Mattermost or generic JSON), with the outbox id as <c>Idempotency-Key</c>. The URL is read from
/// configuration at delivery, so webhook secrets never enter the outbox. Failures are retried by the outbox.
/// </summary>
public sealed class WebhookOutboxHandler : IOutboxHandler
{
    private readonly HttpClient _http;
    private readonly CommunicationOptions _options;

    /// <summary>Creates the handler.</summary>
    public WebhookOutboxHandler(HttpClient http, CommunicationOptions options)
    {
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <inheritdoc />
    public string Kind => "webhook";

    /// <inheritdoc />
    /// <exception cref="OutboxDeliveryException">Invalid payload or unknown channel (permanent); 400/401/403/404/410 (permanent); other statuses or network errors (retried).</exception>
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        AlertPayload alert;
        try
        {
            alert = AlertPayload.FromJson(message.Payload);
        }
        catch (JsonException ex)
        {
            throw new OutboxDeliveryException($"Invalid alert payload: {ex.Message}", permanent: true, ex);
        }

        var channel = _options.Alerts.Find(a => string.Equals(a.Name, alert.Channel, StringComparison.OrdinalIgnoreCase));
        if (channel is null || !Uri.TryCreate(channel.Target, UriKind.Absolute, out var url))
        {
            throw new OutboxDeliveryException($"Alert channel '{alert.Channel}' is not configured with a URL (Communication:Alerts).", permanent: true);
        }

        string json;
        try
        {
            json = WebhookPayloadFormatter.Format(channel.Type, alert);
        }
        catch (ArgumentException ex)
        {
            throw new OutboxDeliveryException(ex.Message, permanent: true, ex);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.Id);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AgentOps", "1.0"));
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OutboxDeliveryException($"Webhook {alert.Channel} ({url.Host}) unreachable: {ex.Message}", permanent: false, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            var permanent = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                or HttpStatusCode.NotFound or HttpStatusCode.Gone;
            throw new OutboxDeliveryException($"Webhook {alert.Channel} ({url.Host}) answered {(int)response.StatusCode} {response.ReasonPhrase}.", permanent);
        }
    }
}
