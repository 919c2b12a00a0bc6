using AgentOps.Core.Diagnostics;
using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>
/// Invokes diagnostic tools as kernel functions of a Semantic Kernel <see cref="Kernel"/>: offline playbooks and LLM
/// agents call the same functions. Built with a scope (<see cref="DiagnosticsKernelFactory.CreateInvoker"/>), it hands
/// each track a kernel chosen for its incident; without one, every track gets this kernel.
/// </summary>
public sealed class KernelToolInvoker : IToolInvoker, IIncidentScopedTools
{
    private readonly Func<IncidentContext, Track, ScopedTools>? _scope;

    /// <summary>An invoker over <paramref name="kernel"/> for every track.</summary>
    /// <param name="kernel">The kernel holding the tool plugins.</param>
    /// <param name="scope">Builds the tools of one track of an incident; null: <paramref name="kernel"/> for every track.</param>
    public KernelToolInvoker(Kernel kernel, Func<IncidentContext, Track, ScopedTools>? scope = null)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Kernel = kernel;
        _scope = scope;
    }

    /// <summary>The kernel holding the tool plugins.</summary>
    public Kernel Kernel { get; }

    /// <inheritdoc />
    public ScopedTools ScopeTo(IncidentContext context, Track track) =>
        _scope is null ? new ScopedTools(this, []) : _scope(context, track);

    /// <inheritdoc />
    public bool Has(string plugin, string function) => Kernel.Plugins.TryGetFunction(plugin, function, out _);

    /// <inheritdoc />
    public async Task<string> InvokeAsync(string plugin, string function, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var kernelArguments = new KernelArguments();
        foreach (var (name, value) in arguments)
        {
            kernelArguments[name] = value;
        }

        var result = await Kernel.InvokeAsync(plugin, function, kernelArguments, cancellationToken).ConfigureAwait(false);
        return result.GetValue<string>() ?? "{\"ok\":false,\"error\":\"the tool returned nothing\"}";
    }
}
