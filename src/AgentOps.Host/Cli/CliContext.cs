using AgentOps.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace AgentOps.Host.Cli;

/// <summary>What every verb needs: where to write, the configuration, and the services (built on first use).</summary>
public sealed class CliContext(TextWriter output, TextWriter error, string workingDirectory, IEnumerable<KeyValuePair<string, string?>>? overrides) : IAsyncDisposable
{
    private IHost? _host;
    private IConfigurationRoot? _configuration;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The folder embedded defaults (<c>data/</c>, <c>inbox/</c>, <c>outbox/</c>) resolve against.</summary>
    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>The configuration (settings file, then <c>AGENTOPS__</c> environment variables, then overrides).</summary>
    /// <exception cref="ConfigurationException">The settings file is malformed.</exception>
    public IConfigurationRoot Configuration => _configuration ??= AgentOpsConfiguration.Build(WorkingDirectory, overrides);

    /// <summary>The validated services.</summary>
    /// <exception cref="ConfigurationException">A configuration value is invalid.</exception>
    public IServiceProvider Services => (_host ??= AgentOpsServices.Build(Configuration, WorkingDirectory)).Services;

    /// <summary>The host itself (for <c>serve</c>, which starts it).</summary>
    public IHost Host => _host ??= AgentOpsServices.Build(Configuration, WorkingDirectory);

    public async ValueTask DisposeAsync()
    {
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            _host?.Dispose();
        }
    }
}
