using System.Collections.Concurrent;
using System.Net;
using AgentOps.Infrastructure.LocalServers;

namespace AgentOps.Infrastructure.Tests.Alerts;

/// <summary>A real HTTP server on 127.0.0.1 that records webhook calls and answers with scripted status codes (then 200).</summary>
public sealed class LoopbackWebhookServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly Task _loop;

    public LoopbackWebhookServer(params int[] statuses)
    {
        Port = FreePort.Next();
        foreach (var status in statuses)
        {
            _statuses.Enqueue(status);
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue(new RecordedRequest(context.Request.Url!.AbsolutePath, context.Request.ContentType ?? string.Empty, context.Request.Headers["Idempotency-Key"], body));
            context.Response.StatusCode = _statuses.TryDequeue(out var status) ? status : 200;
            context.Response.Close();
        }
    }
}

public sealed record RecordedRequest(string Path, string ContentType, string? IdempotencyKey, string Body);
