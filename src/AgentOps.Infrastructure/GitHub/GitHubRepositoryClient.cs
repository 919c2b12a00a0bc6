using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Octokit.Internal;

namespace AgentOps.Infrastructure.GitHub;

/// <summary>
/// The GitHub REST calls AgentOps makes on the configured repository, through Octokit (plus raw calls for what Octokit
/// lacks: sub-issues and conditional requests). Every call goes through <see cref="GitHubResilienceHandler"/>.
/// Errors the user must fix become <see cref="GitHubException"/> with a clear message.
/// </summary>
public sealed class GitHubRepositoryClient : IDisposable
{
    private static readonly ApiOptions AllPages = new() { PageSize = 100 };

    private readonly GitHubOptions _options;
    private readonly GitHubCredentialStore _credentials;
    private readonly HttpClient _raw;
    private readonly ILogger _logger;

    /// <summary>Creates the client for <see cref="GitHubOptions.Owner"/>/<see cref="GitHubOptions.Repo"/>.</summary>
    public GitHubRepositoryClient(IOptions<GitHubOptions> options, TimeProvider time, GitHubRateLimitGate gate, ILogger<GitHubRepositoryClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        var product = new Octokit.ProductHeaderValue("AgentOps");
        var apiRoot = ApiRoot(_options.BaseUrl);
        HttpMessageHandler Pipeline() => new GitHubResilienceHandler(_options, time, gate, logger)
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };

        _credentials = new GitHubCredentialStore(
            _options,
            time,
            jwt => new GitHubClient(new Connection(product, apiRoot, new InMemoryCredentialStore(jwt), new HttpClientAdapter(Pipeline), new SimpleJsonSerializer())),
            logger);
        Client = new GitHubClient(new Connection(product, apiRoot, _credentials, new HttpClientAdapter(Pipeline), new SimpleJsonSerializer()));
        _raw = new HttpClient(Pipeline()) { BaseAddress = Client.Connection.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        _raw.DefaultRequestHeaders.UserAgent.ParseAdd("AgentOps");
        _raw.DefaultRequestHeaders.Accept.ParseAdd("application/vnd.github+json");
        _raw.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
    }

    /// <summary>
    /// The REST root for a configured base address, as Octokit's <see cref="GitHubClient"/> computes it: github.com itself,
    /// else <c>&lt;base&gt;/api/v3/</c> (GitHub Enterprise Server, or a simulator).
    /// </summary>
    public static Uri ApiRoot(Uri? baseUrl)
    {
        if (baseUrl is null || baseUrl.Host is "github.com" or "api.github.com")
        {
            return GitHubClient.GitHubApiUrl;
        }

        return baseUrl.AbsolutePath.TrimEnd('/').EndsWith("/api/v3", StringComparison.Ordinal)
            ? new Uri(baseUrl.ToString().TrimEnd('/') + "/")
            : new Uri(baseUrl, "api/v3/");
    }

    /// <summary>The underlying Octokit client, authenticated for the repository.</summary>
    public IGitHubClient Client { get; }

    /// <summary><c>owner/repo</c>.</summary>
    public string Repository => $"{_options.Owner}/{_options.Repo}";

    private string Owner => _options.Owner;

    private string Repo => _options.Repo;

    /// <summary>All labels of the repository.</summary>
    /// <exception cref="GitHubException">Bad credentials, missing repository, rate limit or retries exhausted.</exception>
    public Task<IReadOnlyList<Label>> ListLabelsAsync(CancellationToken cancellationToken) =>
        RunAsync(() => Client.Issue.Labels.GetAllForRepository(Owner, Repo, AllPages), "list labels", cancellationToken);

    /// <summary>Creates a label; one that already exists (422 <c>already_exists</c>) counts as created.</summary>
    public async Task CreateLabelAsync(string name, string color, string description, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(() => Client.Issue.Labels.Create(Owner, Repo, new NewLabel(name, color) { Description = description }), $"create label {name}", cancellationToken).ConfigureAwait(false);
        }
        catch (ApiValidationException ex) when (ex.ApiError?.Errors?.Any(e => e.Code == "already_exists") == true || ex.Message.Contains("already_exists", StringComparison.Ordinal))
        {
            _logger.LogDebug("Label {Label} already exists", name);
        }
    }

    /// <summary>Open and closed issues carrying <paramref name="label"/> (pull requests excluded).</summary>
    public async Task<IReadOnlyList<Issue>> ListIssuesWithLabelAsync(string label, CancellationToken cancellationToken)
    {
        var request = new RepositoryIssueRequest { State = ItemStateFilter.All, Filter = IssueFilter.All };
        request.Labels.Add(label);
        var issues = await RunAsync(() => Client.Issue.GetAllForRepository(Owner, Repo, request, AllPages), $"list issues labelled {label}", cancellationToken).ConfigureAwait(false);
        return issues.Where(i => i.PullRequest is null).ToList();
    }

    /// <summary>One issue, or <see langword="null"/> when it does not exist or was deleted (404/410).</summary>
    public async Task<Issue?> GetIssueAsync(int number, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(() => Client.Issue.Get(Owner, Repo, number), $"get issue #{number}", cancellationToken, notFoundIsRepository: false).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
        catch (ApiException ex) when (ex.StatusCode == HttpStatusCode.Gone)
        {
            return null;
        }
    }

    /// <summary>Creates an issue. Not retried on 5xx: the caller reconciles by marker.</summary>
    public Task<Issue> CreateIssueAsync(NewIssue issue, CancellationToken cancellationToken) =>
        RunAsync(() => Client.Issue.Create(Owner, Repo, issue), "create issue", cancellationToken);

    /// <summary>Edits an issue.</summary>
    public Task<Issue> UpdateIssueAsync(int number, IssueUpdate update, CancellationToken cancellationToken) =>
        RunAsync(() => Client.Issue.Update(Owner, Repo, number, update), $"edit issue #{number}", cancellationToken, notFoundIsRepository: false);

    /// <summary>The sub-issues of <paramref name="parentNumber"/>, or <see langword="null"/> when this GitHub has no sub-issues API (404).</summary>
    public async Task<IReadOnlyList<Issue>?> ListSubIssuesAsync(int parentNumber, CancellationToken cancellationToken)
    {
        var uri = new Uri($"repos/{Owner}/{Repo}/issues/{parentNumber}/sub_issues", UriKind.Relative);
        try
        {
            return await RunAsync(() => new ApiConnection(Client.Connection).GetAll<Issue>(uri, AllPages), $"list sub-issues of #{parentNumber}", cancellationToken, notFoundIsRepository: false).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Links the issue with id <paramref name="subIssueId"/> (the numeric id, not its number) as a sub-issue of
    /// <paramref name="parentNumber"/>. Returns <see langword="false"/> when GitHub refuses it (422: already linked, or
    /// it has another parent).
    /// </summary>
    public async Task<bool> AddSubIssueAsync(int parentNumber, long subIssueId, CancellationToken cancellationToken)
    {
        var uri = new Uri($"repos/{Owner}/{Repo}/issues/{parentNumber}/sub_issues", UriKind.Relative);
        try
        {
            await RunAsync(() => new ApiConnection(Client.Connection).Post<Issue>(uri, new SubIssueRequest(subIssueId), cancellationToken), $"link sub-issue to #{parentNumber}", cancellationToken, notFoundIsRepository: false).ConfigureAwait(false);
            return true;
        }
        catch (ApiValidationException ex)
        {
            _logger.LogWarning("GitHub refused to link issue id {SubIssueId} under #{Parent}: {Message}", subIssueId, parentNumber, ex.Message);
            return false;
        }
    }

    /// <summary>The comments of an issue, oldest first.</summary>
    public Task<IReadOnlyList<IssueComment>> ListCommentsAsync(int number, CancellationToken cancellationToken) =>
        RunAsync(() => Client.Issue.Comment.GetAllForIssue(Owner, Repo, number, AllPages), $"list comments of #{number}", cancellationToken, notFoundIsRepository: false);

    /// <summary>Posts a comment. Not retried on 5xx: the caller looks for its marker first.</summary>
    public Task<IssueComment> CreateCommentAsync(int number, string body, CancellationToken cancellationToken) =>
        RunAsync(() => Client.Issue.Comment.Create(Owner, Repo, number, body), $"comment on #{number}", cancellationToken, notFoundIsRepository: false);

    /// <summary>Edits a comment; <see langword="null"/> when it was deleted.</summary>
    public async Task<IssueComment?> UpdateCommentAsync(long commentId, string body, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(() => Client.Issue.Comment.Update(Owner, Repo, commentId, body), $"edit comment {commentId}", cancellationToken, notFoundIsRepository: false).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>The permission of <paramref name="login"/> on the repository: <c>admin</c>, <c>maintain</c>, <c>write</c>, <c>triage</c>, <c>read</c> or <c>none</c>.</summary>
    public async Task<string> GetPermissionAsync(string login, CancellationToken cancellationToken)
    {
        var (status, _, body) = await RawGetAsync($"repos/{Owner}/{Repo}/collaborators/{Uri.EscapeDataString(login)}/permission", null, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound)
        {
            return "none";
        }

        if (status != HttpStatusCode.OK || body is not { } json)
        {
            throw Explain((int)status, $"read the permission of {login}", string.Empty, notFoundIsRepository: false, null);
        }

        var role = json.TryGetProperty("role_name", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var permission = json.TryGetProperty("permission", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return (role ?? permission ?? "none").ToLowerInvariant();
    }

    /// <summary>The number of the milestone titled <paramref name="title"/>, created if missing.</summary>
    public async Task<int> EnsureMilestoneAsync(string title, CancellationToken cancellationToken)
    {
        var all = await RunAsync(() => Client.Issue.Milestone.GetAllForRepository(Owner, Repo, new MilestoneRequest { State = ItemStateFilter.All }, AllPages), "list milestones", cancellationToken).ConfigureAwait(false);
        var existing = all.FirstOrDefault(m => string.Equals(m.Title, title, StringComparison.Ordinal));
        if (existing is not null)
        {
            return existing.Number;
        }

        var created = await RunAsync(() => Client.Issue.Milestone.Create(Owner, Repo, new NewMilestone(title)), $"create milestone {title}", cancellationToken).ConfigureAwait(false);
        return created.Number;
    }

    /// <summary>
    /// A conditional GET of <paramref name="relativeUrl"/> (relative to the API root, e.g. <c>repos/o/r/issues/comments?since=…</c>)
    /// with <c>If-None-Match: <paramref name="etag"/></c>. A 304 costs nothing against the rate limit.
    /// </summary>
    public async Task<GitHubConditionalResponse> GetConditionalAsync(string relativeUrl, string? etag, CancellationToken cancellationToken)
    {
        var (status, newEtag, body) = await RawGetAsync(relativeUrl, etag, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotModified)
        {
            return new GitHubConditionalResponse(true, etag, null);
        }

        if (status != HttpStatusCode.OK)
        {
            throw Explain((int)status, $"GET {relativeUrl}", body?.ToString() ?? string.Empty, notFoundIsRepository: true, null);
        }

        return new GitHubConditionalResponse(false, newEtag, body);
    }

    private async Task<(HttpStatusCode Status, string? ETag, JsonElement? Body)> RawGetAsync(string relativeUrl, string? etag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUrl);
        var credentials = await _credentials.GetCredentials().ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credentials.Password);
        if (!string.IsNullOrEmpty(etag))
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        using var response = await _raw.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw Explain(401, $"GET {relativeUrl}", string.Empty, notFoundIsRepository: true, null);
        }

        JsonElement? body = null;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(text))
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }

        cancellationToken.ThrowIfCancellationRequested();
        return (response.StatusCode, response.Headers.ETag?.ToString(), body);
    }

    /// <inheritdoc />
    public void Dispose() => _raw.Dispose();

    /// <summary>Whether a failure leaves it unknown if GitHub applied the call (5xx, timeout, broken connection).</summary>
    public static bool IsUncertain(Exception exception) => exception switch
    {
        ApiException api => (int)api.StatusCode >= 500,
        HttpRequestException or TimeoutException => true,
        TaskCanceledException => false,
        _ => false,
    };

    private async Task<T> RunAsync<T>(Func<Task<T>> call, string what, CancellationToken cancellationToken, bool notFoundIsRepository = true)
    {
        cancellationToken.ThrowIfCancellationRequested();
        T result;
        try
        {
            result = await call().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AuthorizationException ex)
        {
            throw Explain(401, what, ex.Message, notFoundIsRepository, ex);
        }
        catch (NotFoundException ex) when (notFoundIsRepository)
        {
            throw Explain(404, what, ex.Message, notFoundIsRepository, ex);
        }
        catch (RateLimitExceededException ex)
        {
            throw new GitHubException($"GitHub's rate limit is spent until {ex.Reset:u} ({what}); try again later.", 403, ex);
        }
        catch (SecondaryRateLimitExceededException ex)
        {
            throw new GitHubException($"GitHub's secondary rate limit refused {what} after {_options.MaxRetries} retries; try again later.", 403, ex);
        }
        catch (ForbiddenException ex)
        {
            throw Explain(403, what, ex.Message, notFoundIsRepository, ex);
        }

        // A crash of the process right after GitHub answered: the answer is lost, as it would be.
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private GitHubException Explain(int status, string what, string detail, bool notFoundIsRepository, Exception? inner) => status switch
    {
        401 => new GitHubException(
            $"GitHub rejected the credentials (401 Bad credentials) while trying to {what} on {Repository}: check GITHUB_TOKEN (or GitHub:Token), or the App settings.",
            401,
            inner),
        404 when notFoundIsRepository => new GitHubException(
            $"Repository {Repository} was not found (404) while trying to {what}: check GitHub:Owner and GitHub:Repo, and that the token can see it.",
            404,
            inner),
        403 => new GitHubException(
            $"GitHub refused to {what} on {Repository} (403): the token lacks permission (it needs issues: write). {detail}",
            403,
            inner),
        _ => new GitHubException($"GitHub answered {status.ToString(CultureInfo.InvariantCulture)} to {what} on {Repository}: {detail}", status, inner),
    };

    private sealed record SubIssueRequest(long SubIssueId);
}
