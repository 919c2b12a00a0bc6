namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Calls a diagnostic tool (a kernel function such as <c>postgres.connections</c>) by plugin and function name.
/// Offline playbooks and LLM agents share the same tools through it.
/// </summary>
public interface IToolInvoker
{
    /// <summary>Whether the plugin <paramref name="plugin"/> is available (configured).</summary>
    bool Has(string plugin, string function);

    /// <summary>Invokes <c>plugin.function</c> with <paramref name="arguments"/>.</summary>
    /// <returns>The tool output: compact JSON with an <c>ok</c> member; <c>ok=false</c> carries an <c>error</c> saying why.</returns>
    /// <exception cref="OperationCanceledException">The investigation was cancelled.</exception>
    Task<string> InvokeAsync(string plugin, string function, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken);
}
