using System.Globalization;
using System.Text;

namespace AgentOps.Infrastructure.LocalServers;

/// <summary>
/// A throwaway Prometheus (Debian package <c>prometheus</c>) on a free loopback port, with a generated configuration
/// scraping the targets given, for drills and tests. Dispose stops it and deletes its folder (TSDB included).
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/prometheus";
    private readonly BackgroundProcess _process;
    private readonly string _root;

    private PrometheusServer(BackgroundProcess process, string root, int port)
    {
        _process = process;
        _root = root;
        Port = port;
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Base URL of the HTTP API.</summary>
    public Uri Url => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>Whether the Prometheus binary is installed.</summary>
    public static bool IsInstalled => File.Exists(Binary);

    /// <summary>Starts Prometheus scraping <paramref name="targets"/> (<c>host:port</c>, path <c>/metrics</c>) every <paramref name="scrapeInterval"/>.</summary>
    /// <param name="targets">Scrape targets, e.g. <c>127.0.0.1:5000</c>.</param>
    /// <param name="scrapeInterval">Scrape and evaluation interval; default 1 s.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="InvalidOperationException">Prometheus is not installed or did not become ready; the message says why.</exception>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<string> targets, TimeSpan? scrapeInterval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var root = Path.Combine(Path.GetTempPath(), $"agentops-prom-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var interval = $"{Math.Max(1, (int)(scrapeInterval ?? TimeSpan.FromSeconds(1)).TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";
        var config = new StringBuilder()
            .AppendLine("global:")
            .AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {interval}")
            .AppendLine(CultureInfo.InvariantCulture, $"  evaluation_interval: {interval}")
            .AppendLine("scrape_configs:")
            .AppendLine("  - job_name: target")
            .AppendLine(CultureInfo.InvariantCulture, $"    static_configs:\n      - targets: [{string.Join(", ", targets.Select(t => $"'{t}'"))}]")
            .ToString();
        var configPath = Path.Combine(root, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config, cancellationToken).ConfigureAwait(false);
        var port = FreePort.Next();
        if (!IsInstalled)
        {
            Directory.Delete(root, recursive: true);
        }

        var process = BackgroundProcess.Start(
            Binary,
            [
                $"--config.file={configPath}",
                $"--storage.tsdb.path={Path.Combine(root, "data")}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                "--storage.tsdb.retention.time=1h",
                "--log.level=warn",
            ],
            "prometheus");
        var server = new PrometheusServer(process, root, port);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Waits until the instant query <paramref name="promql"/> returns at least one sample (e.g. the first rates after scraping started).</summary>
    /// <exception cref="TimeoutException">No sample within <paramref name="timeout"/>.</exception>
    public async Task WaitForDataAsync(string promql, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < timeout)
        {
            try
            {
                var body = await http.GetStringAsync(new Uri(Url, $"api/v1/query?query={Uri.EscapeDataString(promql)}"), cancellationToken).ConfigureAwait(false);
                if (body.Contains("\"value\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"Prometheus returned no sample for '{promql}' within {timeout.TotalSeconds:0} s.");
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(deadline) < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited at start: {_process.Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "-/ready"), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"prometheus did not become ready on port {Port} within {timeout.TotalSeconds:0} s: {_process.Output}");
    }
}
