using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The payload of an outbox message of kind <c>github</c>: one operation for <see cref="GitHubOutboxHandler"/>.
/// Operations: <c>epic-sync</c>; <c>issue-sync</c> (optional <see cref="Track"/>); <c>comment</c> (<see cref="Issue"/>,
/// <see cref="Body"/>, <see cref="Key"/>: posted once, found by its key on retry); <c>assign</c> (<see cref="Issue"/>, <see cref="Login"/>); <c>set-state</c> (<see cref="Issue"/>, <see cref="State"/>).
/// </summary>
public sealed record GitHubOutboxPayload
{
    /// <summary>The outbox kind this handler owns.</summary>
    public const string Kind = "github";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><c>epic-sync</c>, <c>issue-sync</c>, <c>comment</c> or <c>assign</c>.</summary>
    public required string Op { get; init; }

    public int? Track { get; init; }

    public int? Issue { get; init; }

    public string? Body { get; init; }

    public string? Key { get; init; }

    public string? Login { get; init; }

    /// <summary>For <c>set-state</c>: <c>open</c> or <c>closed</c>.</summary>
    public string? State { get; init; }

    /// <summary>An epic-sync.</summary>
    public static GitHubOutboxPayload EpicSync() => new() { Op = "epic-sync" };

    /// <summary>An issue-sync of one track, or all when <paramref name="track"/> is <see langword="null"/>.</summary>
    public static GitHubOutboxPayload IssueSync(int? track) => new() { Op = "issue-sync", Track = track };

    /// <summary>A reply comment posted once, whatever the retries.</summary>
    public static GitHubOutboxPayload Comment(int issue, string key, string body) => new() { Op = "comment", Issue = issue, Key = key, Body = body };

    /// <summary>Posts or edits the incident's post-mortem comment on its epic (the text is read from the incident at delivery).</summary>
    public static GitHubOutboxPayload PostMortem() => new() { Op = "postmortem" };

    /// <summary>Adds an assignee to an issue.</summary>
    public static GitHubOutboxPayload Assign(int issue, string login) => new() { Op = "assign", Issue = issue, Login = login };

    /// <summary>Opens or closes an issue (puts it back when the incident could not follow a change made on GitHub).</summary>
    public static GitHubOutboxPayload SetState(int issue, string state) => new() { Op = "set-state", Issue = issue, State = state };

    /// <summary>The JSON stored in the outbox.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a stored payload.</summary>
    /// <exception cref="JsonException">Not a GitHub payload.</exception>
    public static GitHubOutboxPayload Parse(string json) =>
        JsonSerializer.Deserialize<GitHubOutboxPayload>(json, Options) ?? throw new JsonException("Empty GitHub outbox payload.");
}
