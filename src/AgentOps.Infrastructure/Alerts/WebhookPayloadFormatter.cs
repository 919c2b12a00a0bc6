using System.Text.Json;
using System.Text.Json.Nodes;
using AgentOps.Core.Communication;

namespace AgentOps.Infrastructure.Alerts;

/// <summary>
/// Shapes an <see cref="AlertPayload"/> into the JSON each incoming webhook expects: Slack (<c>text</c> + Block Kit blocks),
/// Microsoft Teams (a message with an Adaptive Card attachment), Mattermost (<c>text</c> + attachment with fields) or the generic AgentOps JSON.
/// </summary>
public static class WebhookPayloadFormatter
{
    /// <summary>Formats <paramref name="alert"/> for <paramref name="channelType"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="channelType"/> is not slack, teams, mattermost or webhook.</exception>
    public static string Format(string channelType, AlertPayload alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        JsonNode node = channelType switch
        {
            "slack" => Slack(alert),
            "teams" => Teams(alert),
            "mattermost" => Mattermost(alert),
            "webhook" => Generic(alert),
            _ => throw new ArgumentException($"Unknown alert channel type '{channelType}'.", nameof(channelType)),
        };
        return node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string Color(AlertPayload alert) => alert.Priority switch
    {
        "P1" => "#D70000",
        "P2" => "#FF8C00",
        "P3" => "#FFD700",
        _ => "#808080",
    };

    private static JsonObject Slack(AlertPayload alert)
    {
        var fields = new JsonArray();
        foreach (var field in alert.Fields)
        {
            fields.Add(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{field.Name}:*\n{field.Value}" });
        }

        return new JsonObject
        {
            ["text"] = alert.Text,
            ["blocks"] = new JsonArray
            {
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = alert.Title, ["emoji"] = true } },
                new JsonObject { ["type"] = "section", ["fields"] = fields },
            },
        };
    }

    private static JsonObject Teams(AlertPayload alert)
    {
        var facts = new JsonArray();
        foreach (var field in alert.Fields)
        {
            facts.Add(new JsonObject { ["title"] = field.Name, ["value"] = field.Value });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["summary"] = alert.Title,
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = new JsonObject
                    {
                        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                        ["type"] = "AdaptiveCard",
                        ["version"] = "1.4",
                        ["body"] = new JsonArray
                        {
                            new JsonObject { ["type"] = "TextBlock", ["text"] = alert.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["color"] = alert.Priority == "P1" ? "Attention" : "Warning", ["wrap"] = true },
                            new JsonObject { ["type"] = "FactSet", ["facts"] = facts },
                        },
                    },
                },
            },
        };
    }

    private static JsonObject Mattermost(AlertPayload alert)
    {
        var fields = new JsonArray();
        foreach (var field in alert.Fields)
        {
            fields.Add(new JsonObject { ["short"] = true, ["title"] = field.Name, ["value"] = field.Value });
        }

        return new JsonObject
        {
            ["username"] = "AgentOps",
            ["text"] = alert.Text,
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["fallback"] = alert.Title, ["color"] = Color(alert), ["title"] = alert.Title, ["fields"] = fields },
            },
        };
    }

    private static JsonObject Generic(AlertPayload alert)
    {
        var fields = new JsonObject();
        foreach (var field in alert.Fields)
        {
            fields[field.Name] = field.Value;
        }

        return new JsonObject
        {
            ["event"] = "incident.alert",
            ["incidentId"] = alert.IncidentId,
            ["communicationId"] = alert.CommunicationId,
            ["priority"] = alert.Priority,
            ["title"] = alert.Title,
            ["text"] = alert.Text,
            ["fields"] = fields,
        };
    }
}
