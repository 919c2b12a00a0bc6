using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.Tests.GitHub.Simulator;

/// <summary>
/// A GitHub REST API simulator on 127.0.0.1 (served under <c>/api/v3/</c>, as GitHub Enterprise Server): issues, labels,
/// comments, sub-issues, milestones, collaborator permission, App installation tokens. It answers in GitHub's shapes
/// (fields checked against the OpenAPI description in <c>GitHubSimulatorShapeTests</c>), sends rate-limit headers and
/// ETags (304 on <c>If-None-Match</c>), pages with <c>Link</c> headers, and injects faults: 5xx before or after applying
/// a write, secondary rate limits (403 + <c>Retry-After</c>), slow answers, and a hook run after a write is applied
/// (to simulate our process crashing between two calls).
/// </summary>
internal sealed partial class GitHubSimulator : IAsyncDisposable
{
    public const string Owner = "acme";
    public const string Repo = "ops";
    public const string BotLogin = "agentops-bot";

    private readonly Lock _lock = new();
    private readonly WebApplication _app;
    private readonly Dictionary<int, SimIssue> _issues = [];
    private readonly Dictionary<long, SimComment> _comments = [];
    private readonly List<JsonObject> _labels = [];
    private readonly List<JsonObject> _milestones = [];
    private readonly Dictionary<string, string> _permissions = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<SimulatorRequest> _requests = new();
    private readonly HashSet<string> _installationTokens = new(StringComparer.Ordinal);
    private Random _random = new(42);
    private int _nextNumber = 1;
    private long _nextId = 1_000_000;
    private int _remaining = 5000;

    private GitHubSimulator(WebApplication app) => _app = app;

    /// <summary>The token our client must send.</summary>
    public string Token { get; set; } = "ghp_simulated_token";

    /// <summary>App authentication: id, installation id and the public key that checks the JWT.</summary>
    public (long AppId, long InstallationId, RSA PublicKey)? App { get; set; }

    public SimulatorFaults Faults { get; } = new();

    /// <summary>Run after a write was applied and before it is answered (e.g. cancel the client: a crash).</summary>
    public Func<SimulatorRequest, Task>? AfterWrite { get; set; }

    /// <summary>Picks the fault of a request deterministically (method, path → fault or <see langword="null"/>); tried before the random draw.</summary>
    public Func<string, string, string?>? FaultOverride { get; set; }

    /// <summary>Whether the sub-issues API exists (GitHub Enterprise Server before 3.17 has none).</summary>
    public bool SubIssuesEnabled { get; set; } = true;

    /// <summary>The root to give Octokit as BaseUrl (it appends <c>api/v3/</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<SimulatorRequest> Requests => [.. _requests];

    public static async Task<GitHubSimulator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var simulator = new GitHubSimulator(app);
        app.Map("/{**path}", simulator.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return simulator;
    }

    public void ConfigureFaults(double rate, TimeSpan latency, bool includeSlow = false, int seed = 42)
    {
        Faults.Rate = rate;
        Faults.Latency = latency;
        Faults.IncludeSlow = includeSlow;
        Faults.Seed = seed;
        _random = new Random(seed);
    }

    public void ClearRequests() => _requests.Clear();

    public void SetPermission(string login, string role)
    {
        lock (_lock)
        {
            _permissions[login] = role;
        }
    }

    public List<SimIssue> Issues()
    {
        lock (_lock)
        {
            return _issues.Values.Where(i => !i.Deleted).OrderBy(i => i.Number).ToList();
        }
    }

    public List<SimComment> Comments(int issue)
    {
        lock (_lock)
        {
            return _comments.Values.Where(c => c.IssueNumber == issue).OrderBy(c => c.Id).ToList();
        }
    }

    public List<string> LabelNames()
    {
        lock (_lock)
        {
            return _labels.Select(l => (string)l["name"]!).ToList();
        }
    }

    /// <summary>A person acts on GitHub (not through the API log).</summary>
    public SimComment AddHumanComment(int issue, string login, string body)
    {
        lock (_lock)
        {
            var now = Now();
            var comment = new SimComment { Id = _nextId++, IssueNumber = issue, Body = body, Author = login, CreatedAt = now, UpdatedAt = now };
            _comments[comment.Id] = comment;
            _issues[issue].UpdatedAt = now;
            return comment;
        }
    }

    public void EditByHand(int issue, Action<SimIssue> edit)
    {
        lock (_lock)
        {
            edit(_issues[issue]);
            _issues[issue].UpdatedAt = Now();
        }
    }

    public SimIssue Issue(int number)
    {
        lock (_lock)
        {
            return _issues[number];
        }
    }

    /// <summary>The issue as GitHub's JSON (for building webhook payloads).</summary>
    public JsonObject IssueJson(int number)
    {
        lock (_lock)
        {
            return IssueToJson(_issues[number]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private string Api => BaseUrl + "api/v3";

    private async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var full = "/" + (string?)http.Request.RouteValues["path"];
        if (!full.StartsWith("/api/v3/", StringComparison.Ordinal))
        {
            // Octokit must be pointed at /api/v3/ as for GitHub Enterprise Server: a call elsewhere is a bug.
            await WriteAsync(http, method, "UNROUTED " + full, 404, new JsonObject { ["message"] = "Not Found" }, null).ConfigureAwait(false);
            return;
        }

        var path = full["/api/v3".Length..];
        var fault = FaultOverride?.Invoke(method, path) ?? DrawFault(method);
        if (Faults.Latency > TimeSpan.Zero)
        {
            await Task.Delay(Faults.Latency).ConfigureAwait(false);
        }

        if (fault == "rate-limit")
        {
            await WriteAsync(http, method, path, 403, new JsonObject
            {
                ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                ["documentation_url"] = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
            }, fault, retryAfter: Faults.RetryAfterSeconds).ConfigureAwait(false);
            return;
        }

        if (fault == "502-before")
        {
            await WriteAsync(http, method, path, 502, new JsonObject { ["message"] = "Server Error" }, fault).ConfigureAwait(false);
            return;
        }

        if (!Authorize(http, path, out var authFailure))
        {
            await WriteAsync(http, method, path, 401, new JsonObject
            {
                ["message"] = authFailure,
                ["documentation_url"] = "https://docs.github.com/rest",
                ["status"] = "401",
            }, null).ConfigureAwait(false);
            return;
        }

        JsonNode? input = null;
        string? raw = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var reader = new StreamReader(http.Request.Body);
            raw = await reader.ReadToEndAsync().ConfigureAwait(false);
            input = JsonNode.Parse(raw);
        }

        http.Items["request-body"] = raw;

        var (status, body, link) = Route(method, path, http.Request.Query, input);
        var applied = status is >= 200 and < 300 && method != "GET";
        if (applied && AfterWrite is { } hook)
        {
            await hook(new SimulatorRequest(method, path, status, fault)).ConfigureAwait(false);
        }

        if (fault == "502-after" && applied)
        {
            await WriteAsync(http, method, path, 502, new JsonObject { ["message"] = "Server Error" }, fault).ConfigureAwait(false);
            return;
        }

        if (fault == "slow")
        {
            await Task.Delay(Faults.SlowDelay).ConfigureAwait(false);
        }

        await WriteAsync(http, method, path, status, body, fault, link: link).ConfigureAwait(false);
    }

    private string? DrawFault(string method)
    {
        lock (_lock)
        {
            if (Faults.Rate <= 0 || _random.NextDouble() >= Faults.Rate)
            {
                return null;
            }

            var kinds = new List<string> { "502-before", "rate-limit" };
            if (method != "GET")
            {
                kinds.Add("502-after");
            }

            if (Faults.IncludeSlow)
            {
                kinds.Add("slow");
            }

            return kinds[_random.Next(kinds.Count)];
        }
    }

    private bool Authorize(HttpContext http, string path, out string failure)
    {
        failure = "Bad credentials";
        var header = http.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var credential = space < 0 ? string.Empty : header[(space + 1)..];
        if (path.StartsWith("/app/", StringComparison.Ordinal))
        {
            return App is { } app && VerifyJwt(credential, app.AppId, app.PublicKey);
        }

        lock (_lock)
        {
            return credential == Token || _installationTokens.Contains(credential);
        }
    }

    private static bool VerifyJwt(string jwt, long appId, RSA key)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var signature = FromBase64Url(parts[2]);
        if (!key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return false;
        }

        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var exp = payload.RootElement.GetProperty("exp").GetInt64();
        return payload.RootElement.GetProperty("iss").GetString() == appId.ToString(CultureInfo.InvariantCulture)
            && exp > Now().ToUnixTimeSeconds();
    }

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private (int Status, JsonNode? Body, string? Link) Route(string method, string path, IQueryCollection query, JsonNode? input)
    {
        lock (_lock)
        {
            _currentPath = Api + path;
            Match m;
            if ((m = InstallationTokenRoute().Match(path)).Success && method == "POST")
            {
                if (App is not { } app || long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) != app.InstallationId)
                {
                    return NotFound();
                }

                var token = "ghs_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                _installationTokens.Add(token);
                return (201, new JsonObject
                {
                    ["token"] = token,
                    ["expires_at"] = Iso(Now().AddHours(1)),
                    ["permissions"] = new JsonObject { ["issues"] = "write" },
                    ["repository_selection"] = "all",
                }, null);
            }

            if (!(m = RepoRoute().Match(path)).Success || m.Groups["owner"].Value != Owner || m.Groups["repo"].Value != Repo)
            {
                return NotFound();
            }

            var rest = m.Groups["rest"].Value;
            return (method, rest) switch
            {
                ("GET", "") => (200, new JsonObject { ["id"] = 1, ["full_name"] = $"{Owner}/{Repo}", ["name"] = Repo }, null),
                ("GET", "/labels") => Page(_labels.Select(l => (JsonNode)l.DeepClone()).ToList(), query),
                ("POST", "/labels") => CreateLabel(input!),
                ("GET", "/milestones") => Page(_milestones.Select(x => (JsonNode)x.DeepClone()).ToList(), query),
                ("POST", "/milestones") => CreateMilestone(input!),
                ("GET", "/issues") => Page(ListIssues(query), query),
                ("POST", "/issues") => CreateIssue(input!),
                ("GET", "/issues/comments") => Page(ListAllComments(query), query),
                _ => RouteItem(method, rest, query, input),
            };
        }
    }

    private (int, JsonNode?, string?) RouteItem(string method, string rest, IQueryCollection query, JsonNode? input)
    {
        Match m;
        if ((m = CommentRoute().Match(rest)).Success && method == "PATCH")
        {
            if (!_comments.TryGetValue(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), out var comment))
            {
                return NotFound();
            }

            comment.Body = (string)input!["body"]!;
            comment.UpdatedAt = Now();
            return (200, CommentToJson(comment), null);
        }

        if ((m = PermissionRoute().Match(rest)).Success && method == "GET")
        {
            var login = m.Groups[1].Value;
            if (!_permissions.TryGetValue(login, out var role))
            {
                return (404, new JsonObject { ["message"] = $"{login} is not a user", ["documentation_url"] = "https://docs.github.com/rest" }, null);
            }

            var permission = role is "maintain" ? "write" : role is "triage" ? "read" : role;
            var collaborator = UserJson(login);
            collaborator["role_name"] = role;
            collaborator["permissions"] = new JsonObject
            {
                ["pull"] = true,
                ["triage"] = role is not "read",
                ["push"] = role is "write" or "maintain" or "admin",
                ["maintain"] = role is "maintain" or "admin",
                ["admin"] = role is "admin",
            };
            return (200, new JsonObject { ["permission"] = permission, ["role_name"] = role, ["user"] = collaborator }, null);
        }

        if (!(m = IssueRoute().Match(rest)).Success)
        {
            return NotFound();
        }

        var number = int.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture);
        if (!_issues.TryGetValue(number, out var issue))
        {
            return NotFound();
        }

        if (issue.Deleted)
        {
            return (410, new JsonObject { ["message"] = "This issue was deleted", ["documentation_url"] = "https://docs.github.com/rest" }, null);
        }

        var tail = m.Groups["tail"].Value;
        switch (method, tail)
        {
            case ("GET", ""):
                return (200, IssueToJson(issue), null);
            case ("PATCH", ""):
                UpdateIssue(issue, input!.AsObject());
                return (200, IssueToJson(issue), null);
            case ("GET", "/comments"):
                return Page(_comments.Values.Where(c => c.IssueNumber == number).OrderBy(c => c.Id).Select(c => (JsonNode)CommentToJson(c)).ToList(), query);
            case ("POST", "/comments"):
                var now = Now();
                var comment = new SimComment { Id = _nextId++, IssueNumber = number, Body = (string)input!["body"]!, Author = BotLogin, CreatedAt = now, UpdatedAt = now };
                _comments[comment.Id] = comment;
                issue.UpdatedAt = now;
                return (201, CommentToJson(comment), null);
            case ("GET", "/sub_issues") when SubIssuesEnabled:
                return Page(issue.SubIssueIds.Select(id => (JsonNode)IssueToJson(_issues.Values.Single(i => i.Id == id))).ToList(), query);
            case ("POST", "/sub_issues") when SubIssuesEnabled:
                var subId = (long)input!["sub_issue_id"]!;
                var sub = _issues.Values.SingleOrDefault(i => i.Id == subId && !i.Deleted);
                if (sub is null)
                {
                    return (422, ValidationError("Sub issue not found", "sub_issue_id"), null);
                }

                if (sub.ParentId is not null)
                {
                    return (422, ValidationError("Sub issue may only have one parent", "sub_issue_id"), null);
                }

                sub.ParentId = issue.Id;
                issue.SubIssueIds.Add(sub.Id);
                return (201, IssueToJson(sub), null);
            default:
                return NotFound();
        }
    }

    private (int, JsonNode?, string?) CreateLabel(JsonNode input)
    {
        var name = (string)input["name"]!;
        if (_labels.Any(l => string.Equals((string)l["name"]!, name, StringComparison.OrdinalIgnoreCase)))
        {
            return (422, new JsonObject
            {
                ["message"] = "Validation Failed",
                ["errors"] = new JsonArray(new JsonObject { ["resource"] = "Label", ["code"] = "already_exists", ["field"] = "name" }),
                ["documentation_url"] = "https://docs.github.com/rest/issues/labels#create-a-label",
            }, null);
        }

        var label = new JsonObject
        {
            ["id"] = _nextId++,
            ["node_id"] = "LA_" + _nextId,
            ["url"] = $"{Api}/repos/{Owner}/{Repo}/labels/{Uri.EscapeDataString(name)}",
            ["name"] = name,
            ["description"] = (string?)input["description"],
            ["color"] = (string?)input["color"] ?? "ededed",
            ["default"] = false,
        };
        _labels.Add(label);
        return (201, label.DeepClone(), null);
    }

    private (int, JsonNode?, string?) CreateMilestone(JsonNode input)
    {
        var number = _milestones.Count + 1;
        var now = Iso(Now());
        var milestone = new JsonObject
        {
            ["url"] = $"{Api}/repos/{Owner}/{Repo}/milestones/{number}",
            ["html_url"] = $"{BaseUrl}{Owner}/{Repo}/milestone/{number}",
            ["labels_url"] = $"{Api}/repos/{Owner}/{Repo}/milestones/{number}/labels",
            ["id"] = _nextId++,
            ["node_id"] = "MI_" + number,
            ["number"] = number,
            ["state"] = "open",
            ["title"] = (string)input["title"]!,
            ["description"] = (string?)input["description"],
            ["creator"] = UserJson(BotLogin),
            ["open_issues"] = 0,
            ["closed_issues"] = 0,
            ["created_at"] = now,
            ["updated_at"] = now,
            ["closed_at"] = null,
            ["due_on"] = null,
        };
        _milestones.Add(milestone);
        return (201, milestone.DeepClone(), null);
    }

    private (int, JsonNode?, string?) CreateIssue(JsonNode input)
    {
        var unknown = (input["labels"]?.AsArray() ?? []).Select(l => (string)l!).FirstOrDefault(l => !_labels.Any(x => (string)x["name"]! == l));
        if (unknown is not null)
        {
            // GitHub creates missing labels silently; AgentOps provisions them first, so this must not happen.
            throw new InvalidOperationException($"Issue created with label '{unknown}' that was never provisioned.");
        }

        var now = Now();
        var issue = new SimIssue
        {
            Id = _nextId++,
            Number = _nextNumber++,
            Title = (string)input["title"]!,
            Body = (string?)input["body"],
            Labels = (input["labels"]?.AsArray() ?? []).Select(l => (string)l!).ToList(),
            Assignees = (input["assignees"]?.AsArray() ?? []).Select(l => (string)l!).ToList(),
            Milestone = (int?)input["milestone"],
            Author = BotLogin,
            CreatedAt = now,
            UpdatedAt = now,
        };
        _issues[issue.Number] = issue;
        return (201, IssueToJson(issue), null);
    }

    private void UpdateIssue(SimIssue issue, JsonObject input)
    {
        var now = Now();
        if (input.TryGetPropertyValue("title", out var title) && title is not null)
        {
            issue.Title = (string)title!;
        }

        if (input.TryGetPropertyValue("body", out var body))
        {
            issue.Body = (string?)body;
        }

        if (input.TryGetPropertyValue("labels", out var labels) && labels is not null)
        {
            issue.Labels = labels.AsArray().Select(l => (string)l!).ToList();
        }

        if (input.TryGetPropertyValue("assignees", out var assignees) && assignees is not null)
        {
            issue.Assignees = assignees.AsArray().Select(l => (string)l!).ToList();
        }

        if (input.TryGetPropertyValue("milestone", out var milestone))
        {
            issue.Milestone = (int?)milestone;
        }

        if (input.TryGetPropertyValue("state", out var state) && state is not null)
        {
            var newState = (string)state!;
            if (newState != issue.State)
            {
                issue.State = newState;
                issue.ClosedAt = newState == "closed" ? now : null;
                issue.StateReason = newState == "closed" ? (string?)input["state_reason"] ?? "completed" : "reopened";
            }
        }

        issue.UpdatedAt = now;
    }

    private List<JsonNode> ListIssues(IQueryCollection query)
    {
        var state = query["state"].ToString() is { Length: > 0 } s ? s : "open";
        var labels = query["labels"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        var since = query["since"].ToString() is { Length: > 0 } x ? DateTimeOffset.Parse(x, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var issues = _issues.Values
            .Where(i => !i.Deleted && (state == "all" || i.State == state))
            .Where(i => labels.All(l => i.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)))
            .Where(i => since is null || i.UpdatedAt >= since);
        issues = query["sort"] == "updated"
            ? (query["direction"] == "asc" ? issues.OrderBy(i => i.UpdatedAt) : issues.OrderByDescending(i => i.UpdatedAt))
            : issues.OrderByDescending(i => i.Number);
        return issues.Select(i => (JsonNode)IssueToJson(i)).ToList();
    }

    private List<JsonNode> ListAllComments(IQueryCollection query)
    {
        var since = query["since"].ToString() is { Length: > 0 } x ? DateTimeOffset.Parse(x, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        return _comments.Values
            .Where(c => !_issues[c.IssueNumber].Deleted && (since is null || c.UpdatedAt >= since))
            .OrderBy(c => c.UpdatedAt).ThenBy(c => c.Id)
            .Select(c => (JsonNode)CommentToJson(c))
            .ToList();
    }

    private (int, JsonNode?, string?) Page(List<JsonNode> items, IQueryCollection query)
    {
        var perPage = int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var n) ? Math.Max(1, n) : 1;
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var array = new JsonArray(items.Skip((page - 1) * perPage).Take(perPage).ToArray());
        string? link = null;
        if (page < last)
        {
            link = $"<{PageUrl(query, page + 1)}>; rel=\"next\", <{PageUrl(query, last)}>; rel=\"last\"";
        }

        return (200, array, link);
    }

    private string PageUrl(IQueryCollection query, int page)
    {
        var pairs = query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"page={page}");
        return $"{_currentPath}?{string.Join('&', pairs)}";
    }

    private string _currentPath = string.Empty;

    private JsonObject IssueToJson(SimIssue issue)
    {
        var url = $"{Api}/repos/{Owner}/{Repo}/issues/{issue.Number}";
        var milestone = issue.Milestone is { } m ? _milestones.FirstOrDefault(x => (int)x["number"]! == m)?.DeepClone() : null;
        return new JsonObject
        {
            ["id"] = issue.Id,
            ["node_id"] = "I_" + issue.Id,
            ["url"] = url,
            ["repository_url"] = $"{Api}/repos/{Owner}/{Repo}",
            ["labels_url"] = url + "/labels{/name}",
            ["comments_url"] = url + "/comments",
            ["events_url"] = url + "/events",
            ["html_url"] = $"{BaseUrl}{Owner}/{Repo}/issues/{issue.Number}",
            ["number"] = issue.Number,
            ["state"] = issue.State,
            ["state_reason"] = issue.StateReason,
            ["title"] = issue.Title,
            ["body"] = issue.Body,
            ["user"] = UserJson(issue.Author),
            ["labels"] = new JsonArray(issue.Labels.Select(l => (JsonNode?)(_labels.FirstOrDefault(x => (string)x["name"]! == l)?.DeepClone() ?? new JsonObject { ["name"] = l })).ToArray()),
            ["assignee"] = issue.Assignees.Count == 0 ? null : UserJson(issue.Assignees[0]),
            ["assignees"] = new JsonArray(issue.Assignees.Select(a => (JsonNode?)UserJson(a)).ToArray()),
            ["milestone"] = milestone,
            ["locked"] = false,
            ["active_lock_reason"] = null,
            ["comments"] = _comments.Values.Count(c => c.IssueNumber == issue.Number),
            ["closed_at"] = issue.ClosedAt is { } closed ? Iso(closed) : null,
            ["created_at"] = Iso(issue.CreatedAt),
            ["updated_at"] = Iso(issue.UpdatedAt),
            ["author_association"] = "NONE",
            ["sub_issues_summary"] = new JsonObject
            {
                ["total"] = issue.SubIssueIds.Count,
                ["completed"] = issue.SubIssueIds.Count(id => _issues.Values.Any(i => i.Id == id && i.State == "closed")),
                ["percent_completed"] = issue.SubIssueIds.Count == 0 ? 0 : 100 * issue.SubIssueIds.Count(id => _issues.Values.Any(i => i.Id == id && i.State == "closed")) / issue.SubIssueIds.Count,
            },
        };
    }

    private JsonObject CommentToJson(SimComment comment) => new()
    {
        ["id"] = comment.Id,
        ["node_id"] = "IC_" + comment.Id,
        ["url"] = $"{Api}/repos/{Owner}/{Repo}/issues/comments/{comment.Id}",
        ["html_url"] = $"{BaseUrl}{Owner}/{Repo}/issues/{comment.IssueNumber}#issuecomment-{comment.Id}",
        ["issue_url"] = $"{Api}/repos/{Owner}/{Repo}/issues/{comment.IssueNumber}",
        ["body"] = comment.Body,
        ["user"] = UserJson(comment.Author),
        ["created_at"] = Iso(comment.CreatedAt),
        ["updated_at"] = Iso(comment.UpdatedAt),
        ["author_association"] = comment.Author == BotLogin ? "NONE" : "COLLABORATOR",
    };

    private JsonObject UserJson(string login)
    {
        var id = Math.Abs(login.GetHashCode(StringComparison.Ordinal) % 1_000_000) + 1;
        var url = $"{Api}/users/{login}";
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = "U_" + id,
            ["avatar_url"] = $"{BaseUrl}avatars/{login}",
            ["gravatar_id"] = string.Empty,
            ["url"] = url,
            ["html_url"] = $"{BaseUrl}{login}",
            ["followers_url"] = url + "/followers",
            ["following_url"] = url + "/following{/other_user}",
            ["gists_url"] = url + "/gists{/gist_id}",
            ["starred_url"] = url + "/starred{/owner}{/repo}",
            ["subscriptions_url"] = url + "/subscriptions",
            ["organizations_url"] = url + "/orgs",
            ["repos_url"] = url + "/repos",
            ["events_url"] = url + "/events{/privacy}",
            ["received_events_url"] = url + "/received_events",
            ["type"] = login.EndsWith("[bot]", StringComparison.Ordinal) || login == BotLogin ? "Bot" : "User",
            ["site_admin"] = false,
        };
    }

    private static JsonObject ValidationError(string message, string field) => new()
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = "Issue", ["code"] = "custom", ["field"] = field, ["message"] = message }),
        ["documentation_url"] = "https://docs.github.com/rest/issues/sub-issues",
    };

    private static (int, JsonNode?, string?) NotFound() =>
        (404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest", ["status"] = "404" }, null);

    private static string Iso(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async Task WriteAsync(HttpContext http, string method, string path, int status, JsonNode? body, string? fault, int? retryAfter = null, string? link = null)
    {
        var text = body?.ToJsonString() ?? string.Empty;
        var headers = http.Response.Headers;
        int remaining;
        lock (_lock)
        {
            remaining = _remaining;
        }

        if (status == 200 && method == "GET")
        {
            var etag = "W/\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32] + "\"";
            headers.ETag = etag;
            if (http.Request.Headers.IfNoneMatch.ToString() == etag)
            {
                // GitHub does not count a 304 against the rate limit.
                SetRateHeaders(headers, remaining);
                http.Response.StatusCode = 304;
                _requests.Enqueue(new SimulatorRequest(method, path, 304, fault));
                return;
            }
        }

        lock (_lock)
        {
            remaining = _remaining = Math.Max(0, _remaining - 1);
        }

        SetRateHeaders(headers, remaining);
        if (retryAfter is { } seconds)
        {
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (link is not null)
        {
            headers.Link = link;
        }

        http.Response.StatusCode = status;
        _requests.Enqueue(new SimulatorRequest(method, path, status, fault, http.Items.TryGetValue("request-body", out var requestBody) ? requestBody as string : null, body is null ? null : text));
        if (body is not null)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(text).ConfigureAwait(false);
        }
    }

    private static void SetRateHeaders(IHeaderDictionary headers, int remaining)
    {
        headers["X-RateLimit-Limit"] = "5000";
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = Now().AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Used"] = (5000 - remaining).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Resource"] = "core";
        headers["X-GitHub-Api-Version-Selected"] = "2022-11-28";
    }

    [GeneratedRegex(@"^/app/installations/(\d+)/access_tokens$")]
    private static partial Regex InstallationTokenRoute();

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)(?<rest>/.*)?$")]
    private static partial Regex RepoRoute();

    [GeneratedRegex(@"^/issues/comments/(\d+)$")]
    private static partial Regex CommentRoute();

    [GeneratedRegex(@"^/collaborators/([^/]+)/permission$")]
    private static partial Regex PermissionRoute();

    [GeneratedRegex(@"^/issues/(?<number>\d+)(?<tail>/comments|/sub_issues)?$")]
    private static partial Regex IssueRoute();
}
