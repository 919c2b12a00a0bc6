using AgentOps.Core.Diagnostics;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Diagnostics;

/// <summary>Invokes diagnostic tools as kernel functions of a Semantic Kernel <see cref="Kernel"/>: offline playbooks and LLM agents call the same functions.</summary>
public sealed class KernelToolInvoker : IToolInvoker
{
    public KernelToolInvoker(Kernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Kernel = kernel;
    }

    /// <summary>The kernel holding the tool plugins.</summary>
    public Kernel Kernel { get; }

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
