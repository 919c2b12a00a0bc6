using AgentOps.Host.Cli;

namespace AgentOps.Host.Tests.Cli;

/// <summary>Runs the real CLI in-process against a private SQLite file in a temporary working folder.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Directory.CreateDirectory(WorkingDirectory);
    }

    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), $"agentops-cli-{Guid.NewGuid():N}");

    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Logging:File"] = string.Empty,
    };

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var settings = new Dictionary<string, string?>(Settings)
        {
            ["Storage:SqlitePath"] = Settings.TryGetValue("Storage:SqlitePath", out var path) ? path : Path.Combine(WorkingDirectory, "data", "agentops.db"),
        };
        var code = await AgentOpsCli.RunAsync(args, output, error, settings, WorkingDirectory, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
