using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tools;
using StackExchange.Redis;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>Runs approved Redis remediations of the form <c>CONFIG SET &lt;name&gt; &lt;value&gt;</c>. Called only by <see cref="RemediationService"/> after approval.</summary>
public sealed class RedisRemediationExecutor : IRemediationExecutor
{
    private readonly Func<string?> _configuration;

    /// <summary>Creates an executor for the Redis of <paramref name="configuration"/> (read at run time; null disables it).</summary>
    public RedisRemediationExecutor(Func<string?> configuration)
    {
        _configuration = configuration;
    }

    /// <inheritdoc />
    public bool CanRun(Remediation remediation)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        return _configuration() is not null && Parse(remediation.Action) is not null;
    }

    /// <inheritdoc />
    public async Task<string> RunAsync(Remediation remediation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        var (name, value) = Parse(remediation.Action) ?? throw new InvalidOperationException($"'{remediation.Action}' is not CONFIG SET <name> <value>.");
        var options = ConfigurationOptions.Parse(_configuration()!);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 5000;
        try
        {
            await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            await multiplexer.GetServer(options.EndPoints[0]).ConfigSetAsync(name, value).ConfigureAwait(false);
            return $"ran 'CONFIG SET {name} {value}'";
        }
        catch (RedisException ex)
        {
            throw new InvalidOperationException($"'{ToolJson.Trim(remediation.Action, 120)}' failed: {ex.Message}", ex);
        }
    }

    private static (string Name, string Value)? Parse(string action)
    {
        var parts = action.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 4 && parts[0].Equals("CONFIG", StringComparison.OrdinalIgnoreCase) && parts[1].Equals("SET", StringComparison.OrdinalIgnoreCase)
            ? (parts[2], parts[3])
            : null;
    }
}
