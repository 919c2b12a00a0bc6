using System.Diagnostics;
using System.Text;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>A long-running server process started by a local server launcher; its output is kept for error messages.</summary>
internal sealed class BackgroundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BackgroundProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last 2 000 characters the process wrote.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length <= 2000 ? text : text[^2000..];
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/>.</summary>
    /// <exception cref="InvalidOperationException">The binary is missing; the message names the apt package to install.</exception>
    public static BackgroundProcess Start(string fileName, IEnumerable<string> arguments, string aptPackage)
    {
        if (!File.Exists(fileName))
        {
            throw new InvalidOperationException($"{fileName} not found: install it with 'apt-get install -y {aptPackage}'.");
        }

        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = psi };
        var background = new BackgroundProcess(process);
        process.OutputDataReceived += (_, e) => background.Append(e.Data);
        process.ErrorDataReceived += (_, e) => background.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return background;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 8000)
            {
                _output.Remove(0, _output.Length - 4000);
            }
        }
    }
}
