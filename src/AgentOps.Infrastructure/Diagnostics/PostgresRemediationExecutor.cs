using System.Diagnostics;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Infrastructure.Tools;
using Npgsql;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>
/// Runs approved SQL remediations (<c>CREATE INDEX CONCURRENTLY</c>, <c>ANALYZE</c>, <c>VACUUM</c>, <c>REINDEX</c>...) against
/// the configured PostgreSQL database. Called only by <see cref="RemediationService"/> once a remediation is approved.
/// </summary>
public sealed class PostgresRemediationExecutor : IRemediationExecutor
{
    private static readonly string[] Statements = ["CREATE INDEX", "CREATE UNIQUE INDEX", "DROP INDEX", "REINDEX", "ANALYZE", "VACUUM", "ALTER TABLE", "SELECT PG_TERMINATE_BACKEND", "SELECT PG_CANCEL_BACKEND"];
    private readonly Func<string?> _connectionString;

    /// <summary>Creates an executor for the database of <paramref name="connectionString"/> (read at run time; null disables it).</summary>
    public PostgresRemediationExecutor(Func<string?> connectionString)
    {
        _connectionString = connectionString;
    }

    /// <inheritdoc />
    public bool CanRun(Remediation remediation)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        return _connectionString() is not null && !remediation.Action.Contains('<', StringComparison.Ordinal)
            && Statements.Any(s => remediation.Action.TrimStart().StartsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <inheritdoc />
    public async Task<string> RunAsync(Remediation remediation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(remediation);
        var builder = new NpgsqlConnectionStringBuilder(_connectionString()) { Pooling = false, CommandTimeout = 0, ApplicationName = "agentops-remediation" };
        var watch = Stopwatch.StartNew();
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // No transaction: CREATE INDEX CONCURRENTLY refuses to run inside one.
            await using var command = new NpgsqlCommand(remediation.Action, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return $"ran '{ToolJson.Trim(remediation.Action, 120)}' in {watch.Elapsed.TotalSeconds:0.0} s";
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"'{ToolJson.Trim(remediation.Action, 120)}' failed after {watch.Elapsed.TotalSeconds:0.0} s: {ex.Message}", ex);
        }
    }
}
