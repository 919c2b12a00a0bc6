using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// Bounds a track agent: at most <c>maxSteps</c> tool calls and an estimated token budget; tool output is trimmed and
/// fenced as data before it goes back to the model. Records which functions were called.
/// </summary>
internal sealed class AgentGuardFilter : IAutoFunctionInvocationFilter
{
    private readonly int _maxSteps;
    private readonly int _tokenBudget;
    private readonly int _maxOutputChars;
    private readonly List<string> _invoked = [];
    private int _steps;

    public AgentGuardFilter(int maxSteps, int tokenBudget, int maxOutputChars)
    {
        _maxSteps = maxSteps;
        _tokenBudget = tokenBudget;
        _maxOutputChars = maxOutputChars;
    }

    /// <summary>Functions called, as <c>plugin.function</c>, in order.</summary>
    public IReadOnlyList<string> Invoked
    {
        get
        {
            lock (_invoked)
            {
                return [.. _invoked];
            }
        }
    }

    /// <summary>Why the agent was stopped early, when it was.</summary>
    public string? StoppedBecause { get; private set; }

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var estimatedTokens = context.ChatHistory.Sum(m => m.Content?.Length ?? 0) / 4;
        if (Interlocked.Increment(ref _steps) > _maxSteps || estimatedTokens > _tokenBudget)
        {
            StoppedBecause = _steps > _maxSteps ? $"step budget of {_maxSteps} tool calls exhausted" : $"token budget of {_tokenBudget} exhausted";
            context.Result = new FunctionResult(context.Function, $"Stopped: {StoppedBecause}. Report what you have.");
            context.Terminate = true;
            return;
        }

        lock (_invoked)
        {
            _invoked.Add($"{context.Function.PluginName}.{context.Function.Name}");
        }

        await next(context).ConfigureAwait(false);
        if (context.Function.PluginName != "findings")
        {
            var output = context.Result.GetValue<object>()?.ToString();
            context.Result = new FunctionResult(context.Result, UntrustedText.Fence(output, $"{context.Function.PluginName}.{context.Function.Name}", _maxOutputChars));
        }
    }
}
