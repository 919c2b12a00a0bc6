using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AgentOps.Core.Communication;
using AgentOps.Core.Model;
using AgentOps.Core.Orchestration.Sla;
using AgentOps.Infrastructure.Mail;

namespace AgentOps.Infrastructure.Alerts;

/// <summary>
/// Delivers the SLA reminders and escalation pages (outbox kind <c>alert</c>) to their escalation targets: an
/// <c>http(s)</c> address receives the alert as JSON (generic webhook, <c>Idempotency-Key</c> per target), an email
/// address receives an email through the same SMTP (or <c>.eml</c> folder) delivery as customer emails.
/// </summary>
public sealed class EscalationAlertOutboxHandler(HttpClient http, EmailOutboxHandler email, CommunicationOptions options) : IOutboxHandler
{
    /// <inheritdoc />
    public string Kind => SlaAlert.OutboxKind;

    /// <inheritdoc />
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Alert alert;
        try
        {
            alert = JsonSerializer.Deserialize<Alert>(message.Payload, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new JsonException("empty payload");
        }
        catch (JsonException ex)
        {
            throw new OutboxDeliveryException($"Invalid escalation alert payload: {ex.Message}", permanent: true, ex);
        }

        var targets = alert.Targets ?? [];
        if (targets.Count == 0 || targets.All(t => string.IsNullOrWhiteSpace(t.Address)))
        {
            throw new OutboxDeliveryException($"Escalation alert {message.Id} has no target with an address (Escalation:Targets).", permanent: true);
        }

        foreach (var target in targets.Where(t => !string.IsNullOrWhiteSpace(t.Address)))
        {
            if (Uri.TryCreate(target.Address, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                await PostAsync(message, target, url, cancellationToken).ConfigureAwait(false);
            }
            else if (target.Address!.Contains('@', StringComparison.Ordinal))
            {
                var subject = $"[{alert.Incident}] {alert.Priority} {alert.Type}: {alert.Title}";
                var body = $"{alert.Message}\n\nIncident: {alert.Incident} ({alert.Priority}, {alert.State}), escalation level {alert.Level}.\nAcknowledge with: agentops pm ack {alert.Incident}\n";
                var payload = new EmailPayload($"{message.Id.Replace('/', '.')}.{target.Name}@agentops", options.From, options.FromName, [target.Address], subject, body)
                {
                    IncidentId = alert.Incident,
                };
                await email.DeliverAsync(message with { Id = $"{message.Id}/{target.Name}", Kind = "email", Payload = payload.ToJson() }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                throw new OutboxDeliveryException($"Escalation target '{target.Name}' has an address that is neither a URL nor an email address.", permanent: true);
            }
        }
    }

    private async Task PostAsync(OutboxMessage message, Target target, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(message.Payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", $"{message.Id}/{target.Name}");
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("AgentOps", "1.0"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var code = (int)response.StatusCode;
                throw new OutboxDeliveryException($"Escalation target {target.Name} ({url.Host}) answered {code}.", permanent: code is 400 or 401 or 403 or 404 or 410);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new OutboxDeliveryException($"Escalation target {target.Name} ({url.Host}) unreachable: {ex.Message}", permanent: false, ex);
        }
    }

    private sealed record Alert(string? Type, string? Incident, string? Title, string? Priority, string? State, int Level, string? Message, List<Target>? Targets);

    private sealed record Target(string Name, string? Kind, string? Address);
}
