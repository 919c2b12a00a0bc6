using AgentOps.Host.Cli;
using AgentOps.Infrastructure.LocalServers;

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
            ["Scheduling:SqlitePath"] = Path.Combine(WorkingDirectory, "data", "scheduler.db"),
        };
        var code = await AgentOpsCli.RunAsync(args, output, error, settings, WorkingDirectory, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Starts <c>agentops serve --urls <paramref name="baseAddress"/></c> in-process and waits until it listens.</summary>
    /// <returns>The running verb; it ends when <paramref name="stop"/> is cancelled.</returns>
    public async Task<Task<(int ExitCode, string Output, string Error)>> StartServeAsync(Uri baseAddress, CancellationToken stop)
    {
        var server = RunAsync(stop, "serve", "--urls", baseAddress.ToString());
        var listening = FreePort.WaitForListenerAsync(baseAddress.Port, TimeSpan.FromSeconds(30));
        if (await Task.WhenAny(listening, server) == server)
        {
            var (code, _, error) = await server;
            throw new InvalidOperationException($"serve exited with {code}: {error}");
        }

        await listening;
        return server;
    }

    /// <summary>Runs the real <c>agentops</c> executable as a child process in <see cref="WorkingDirectory"/> (embedded defaults resolve there).</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunProcessAsync(params string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "agentops.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Settings)
        {
            psi.Environment[$"AGENTOPS__{key.Replace(":", "__", StringComparison.Ordinal)}"] = value ?? string.Empty;
        }

        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
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
