using System.Collections.Concurrent;
using AgentOps.Infrastructure.LocalServers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Host.Tests.Server.Chat;

/// <summary>
/// A real HTTP listener on a free loopback port standing in for Slack's <c>response_url</c>: records each POST by path.
/// Paths under <c>/flaky/</c> answer 503 to their first POST, as a struggling Slack would.
/// </summary>
internal sealed class ResponseUrlReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _posts = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task StartAsync()
    {
        var port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(BaseAddress.ToString());
        _app = builder.Build();
        _app.MapPost("/{kind}/{id}", async (string kind, string id, HttpContext http) =>
        {
            var attempt = _attempts.AddOrUpdate(id, 1, (_, n) => n + 1);
            if (kind == "flaky" && attempt == 1)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var reader = new StreamReader(http.Request.Body);
            Completion(id).TrySetResult(await reader.ReadToEndAsync());
            return Results.Text("ok");
        });
        await _app.StartAsync();
    }

    /// <summary>A fresh <c>response_url</c> on this listener.</summary>
    public (string Id, string Url) NewUrl(string kind = "hook")
    {
        var id = Guid.NewGuid().ToString("N");
        return (id, new Uri(BaseAddress, $"/{kind}/{id}").ToString());
    }

    /// <summary>The body POSTed to <paramref name="id"/>, waiting up to <paramref name="timeout"/>.</summary>
    public async Task<string> WaitAsync(string id, TimeSpan? timeout = null) =>
        await Completion(id).Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>How many POSTs <paramref name="id"/> received.</summary>
    public int Attempts(string id) => _attempts.TryGetValue(id, out var n) ? n : 0;

    /// <summary>How many POSTs arrived in all.</summary>
    public int Total => _attempts.Values.Sum();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private TaskCompletionSource<string> Completion(string id) =>
        _posts.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
