using System.Collections.Concurrent;
using System.Diagnostics;

namespace AgentOps.Infrastructure.Tests.Scheduling;

/// <summary>An AgentOps.SchedulerNode process on loopback, with its output captured line by line.</summary>
internal sealed class SchedulerNodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private SchedulerNodeProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public IReadOnlyCollection<string> Lines => _lines;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts a node with <paramref name="settings"/> as <c>--Key=value</c> arguments.</summary>
    public static SchedulerNodeProcess Start(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AgentOps.SchedulerNode.dll"));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.ArgumentList.Add($"--Scheduling:InstanceId={name}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start AgentOps.SchedulerNode.");
        var node = new SchedulerNodeProcess(name, process);
        process.OutputDataReceived += (_, e) => node.Add(e.Data);
        process.ErrorDataReceived += (_, e) => node.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until a line contains <paramref name="text"/>.</summary>
    /// <exception cref="TimeoutException">It did not appear in time; the message holds the output.</exception>
    public async Task WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!_lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTimeOffset.UtcNow > deadline || _process.HasExited)
            {
                throw new TimeoutException($"{Name} did not print '{text}' (exited: {_process.HasExited}). Output:\n{string.Join('\n', _lines)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown, no cleanup, no last check-in.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
