using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// Bounds a track agent: at most <c>maxSteps</c> tool calls and a token budget counted with a real tokenizer over the
/// whole conversation (instructions, report, the model's tool calls and every tool result). Tool output is cut, in
/// tokens, to what the budget still allows (and to <c>maxOutputTokens</c>), then fenced as data before it goes back to
/// the model. Records which functions were called.
/// </summary>
internal sealed class AgentGuardFilter : IAutoFunctionInvocationFilter
{
    /// <summary>Tokens kept free for the model's next answer and the fence around a tool result.</summary>
    internal const int ResponseReserveTokens = 300;

    /// <summary>Below this many tokens left for a tool result, the call is not worth making and the agent is stopped.</summary>
    internal const int MinOutputTokens = 64;

    private readonly int _maxSteps;
    private readonly int _tokenBudget;
    private readonly int _maxOutputTokens;
    private readonly TokenCounter _tokens;
    private readonly List<string> _invoked = [];
    private int _steps;
    private int _tokensUsed;

    public AgentGuardFilter(int maxSteps, int tokenBudget, int maxOutputTokens, TokenCounter tokens)
    {
        _maxSteps = maxSteps;
        _tokenBudget = tokenBudget;
        _maxOutputTokens = maxOutputTokens;
        _tokens = tokens;
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

    /// <summary>Tokens of the conversation as last seen, the tool result just added included.</summary>
    public int TokensUsed => Volatile.Read(ref _tokensUsed);

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var used = Count(context.ChatHistory);
        Volatile.Write(ref _tokensUsed, used);
        var room = _tokenBudget - used - ResponseReserveTokens;
        if (Interlocked.Increment(ref _steps) > _maxSteps || room < MinOutputTokens)
        {
            StoppedBecause = _steps > _maxSteps
                ? $"step budget of {_maxSteps} tool calls exhausted"
                : $"token budget of {_tokenBudget} exhausted ({used} tokens used)";
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
            var output = Fit(context.Result.GetValue<object>()?.ToString() ?? string.Empty, Math.Min(_maxOutputTokens, room));
            context.Result = new FunctionResult(context.Result, UntrustedText.Fence(output, $"{context.Function.PluginName}.{context.Function.Name}", int.MaxValue));
            Interlocked.Add(ref _tokensUsed, _tokens.Count(output));
        }
    }

    /// <summary>Cuts <paramref name="output"/> to <paramref name="maxTokens"/> tokens, saying how much was left out.</summary>
    internal string Fit(string output, int maxTokens)
    {
        var count = _tokens.Count(output);
        return count <= maxTokens ? output : $"{_tokens.Truncate(output, maxTokens)}… [cut: {count - maxTokens} more tokens]";
    }

    /// <summary>Tokens of every message: text, tool calls (name and arguments) and tool results.</summary>
    internal int Count(ChatHistory history)
    {
        var total = 0;
        foreach (var message in history)
        {
            foreach (var item in message.Items)
            {
                total += item switch
                {
                    TextContent text => _tokens.Count(text.Text),
                    FunctionCallContent call => _tokens.Count(call.FunctionName) + _tokens.Count(call.Arguments is null ? null : JsonSerializer.Serialize(call.Arguments)),
                    FunctionResultContent result => _tokens.Count(result.Result?.ToString()),
                    _ => 0,
                };
            }
        }

        return total;
    }
}
