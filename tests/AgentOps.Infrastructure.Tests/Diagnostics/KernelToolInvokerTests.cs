using System.Text.Json;
using AgentOps.Infrastructure.Diagnostics;
using AgentOps.Infrastructure.Tools;
using AgentOps.Infrastructure.Tools.Http;
using AgentOps.Infrastructure.Tools.Postgres;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tests.Diagnostics;

public sealed class KernelToolInvokerTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    [Fact]
    public void Create_OnlyConfiguredTools_AreOffered()
    {
        // Arrange
        var factory = new DiagnosticsKernelFactory(_http, TimeProvider.System);

        // Act
        var invoker = new KernelToolInvoker(factory.Create(new ToolsOptions { Postgres = new PostgresToolOptions { ConnectionString = "Host=127.0.0.1;Port=1" } }));

        // Assert
        Assert.True(invoker.Has("postgres", "connections"));
        Assert.False(invoker.Has("redis", "clients"));
        Assert.False(invoker.Has("http", "health"));
    }

    [Fact]
    public void Create_EveryFunctionAndParameter_HasADescription()
    {
        // Arrange
        var options = new ToolsOptions
        {
            Postgres = new PostgresToolOptions { ConnectionString = "Host=127.0.0.1" },
            Redis = new() { Configuration = "127.0.0.1:1" },
            Prometheus = new() { Url = new Uri("http://127.0.0.1:1/") },
            Http = new HttpProbeOptions { Targets = [new HttpProbeTarget { Name = "a", Url = new Uri("http://127.0.0.1:1/") }] },
        };

        // Act
        var functions = new DiagnosticsKernelFactory(_http, TimeProvider.System).Create(options).Plugins.GetFunctionsMetadata();

        // Assert
        Assert.Equal(16, functions.Count);
        Assert.All(functions, f => Assert.False(string.IsNullOrWhiteSpace(f.Description), f.Name));
        Assert.All(functions.SelectMany(f => f.Parameters), p => Assert.False(string.IsNullOrWhiteSpace(p.Description), p.Name));
    }

    [Fact]
    public async Task InvokeAsync_ArgumentsByName_ReachThePlugin()
    {
        // Arrange
        var invoker = new KernelToolInvoker(new DiagnosticsKernelFactory(_http, TimeProvider.System).Create(new ToolsOptions
        {
            Http = new HttpProbeOptions { Targets = [new HttpProbeTarget { Name = "a", Url = new Uri("http://127.0.0.1:1/") }], TimeoutSeconds = 1 },
        }));

        // Act
        var output = await invoker.InvokeAsync("http", "health", new Dictionary<string, object?> { ["target"] = "missing" }, CancellationToken.None);

        // Assert
        using var json = JsonDocument.Parse(output);
        Assert.Contains("no target named 'missing'", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
