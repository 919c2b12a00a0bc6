using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentOps.Infrastructure.Tests.Tools.Logs;

/// <summary>A Kestrel server on a free loopback port that answers /loki/api/v1/query_range in Loki's response shape,
/// from lines pushed by the test.</summary>
public sealed class FakeLokiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeLokiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Streams served: labels and (nanosecond timestamp, line) values.</summary>
    public ConcurrentBag<(Dictionary<string, string> Labels, List<(long Ns, string Line)> Values)> Streams { get; } = [];

    public ConcurrentQueue<IQueryCollection> Requests { get; } = new();

    /// <summary>When set, every request answers this status with a plain-text body.</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeLokiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeLokiServer? server = null;
        app.MapGet("/loki/api/v1/query_range", (HttpContext context) =>
        {
            server!.Requests.Enqueue(context.Request.Query);
            if (server.FailWith is { } status)
            {
                return Results.Text("parse error at line 1, col 1: syntax error", statusCode: status);
            }

            var start = long.Parse(context.Request.Query["start"]!, System.Globalization.CultureInfo.InvariantCulture);
            var end = long.Parse(context.Request.Query["end"]!, System.Globalization.CultureInfo.InvariantCulture);
            var result = server.Streams.Select(s => new
            {
                stream = s.Labels,
                values = s.Values.Where(v => v.Ns >= start && v.Ns < end).OrderByDescending(v => v.Ns)
                    .Select(v => new[] { v.Ns.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Line }).ToList(),
            });
            return Results.Json(new { status = "success", data = new { resultType = "streams", result, stats = new { } } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FakeLokiServer(app, new Uri(address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
