using System.Diagnostics;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>Runs short commands for the local server launchers and reports failures with their output.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> to completion.</summary>
    /// <exception cref="InvalidOperationException">The command failed; the message holds its output.</exception>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in arguments)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', psi.ArgumentList)} failed with exit code {process.ExitCode}: {output.Trim()}");
        }

        return output;
    }
}
