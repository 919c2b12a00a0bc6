using System.ClientModel;
using System.ClientModel.Primitives;
using AgentOps.Core.Diagnostics;
using AgentOps.Core.Model;
using AgentOps.Core.Skills;
using AgentOps.Infrastructure.Diagnostics;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// LLM-mode analyst of one track kind: a Semantic Kernel <see cref="Kernel"/> per track with the OpenAI connector
/// (the shared endpoint of <see cref="AiOptions"/>), the tools its skill manifest allows, automatic function calling,
/// bounded steps, a token budget counted with a real tokenizer, and tool output cut in tokens and fenced. If the endpoint fails, the track falls back to the offline playbook and says so on the timeline.
/// </summary>
public sealed class LlmTrackAnalyst : ITrackAnalyst
{
    private readonly SkillManifest _skill;
    private readonly ITrackAnalyst? _offline;
    private readonly AiOptions _ai;
    private readonly LlmOptions _options;
    private readonly HttpClient _http;
    private readonly TokenCounter _tokens;

    /// <summary>Creates the agent of <paramref name="skill"/>'s track kind.</summary>
    /// <param name="skill">The manifest: instructions and allowed tools.</param>
    /// <param name="offline">The offline playbook used as fallback; null when the kind has none.</param>
    /// <param name="ai">The shared endpoint, model and key.</param>
    /// <param name="options">Steps, tool output and request budgets of the agents.</param>
    /// <param name="http">HTTP client for the endpoint.</param>
    /// <param name="tokens">Token counter of the budgets; null for <see cref="TokenCounter.O200k"/>.</param>
    /// <exception cref="ArgumentException">The manifest has no track kind.</exception>
    public LlmTrackAnalyst(SkillManifest skill, ITrackAnalyst? offline, AiOptions ai, LlmOptions options, HttpClient http, TokenCounter? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(skill);
        ArgumentNullException.ThrowIfNull(ai);
        _skill = skill;
        Kind = skill.TrackKind ?? throw new ArgumentException($"Skill {skill.Name} has no trackKind.", nameof(skill));
        _offline = offline;
        _ai = ai;
        _options = options;
        _http = http;
        _tokens = tokens ?? TokenCounter.O200k;
    }

    /// <inheritdoc />
    public TrackKind Kind { get; }

    /// <summary>Functions the last run called, as <c>plugin.function</c> (for audits and tests).</summary>
    public IReadOnlyList<string> LastInvoked { get; private set; } = [];

    /// <summary>Tokens of the last run's conversation (prompt and tool results) as counted against the track's budget.</summary>
    public int LastTokensUsed { get; private set; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(TrackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_ai.IsConfigured || context.Tools is not KernelToolInvoker tools)
        {
            context.Note($"LLM mode unavailable for track #{context.Track.Number} ({(_ai.IsConfigured ? "tools are not kernel functions" : "no endpoint configured in the Ai section")}): offline mode.");
            return await OfflineAsync(context, cancellationToken).ConfigureAwait(false);
        }

        // A recorder of its own: on fallback the offline playbook records into the runner's recorder from scratch.
        var recorder = new FindingRecorder(context.Track.Number, context.Time, context.Track.Findings.Count);
        var guard = new AgentGuardFilter(_options.MaxSteps, context.TokenBudget, _options.MaxToolOutputTokens, _tokens);
        var kernel = BuildKernel(tools.Kernel, recorder, guard);
        try
        {
            var history = new ChatHistory(Instructions());
            history.AddUserMessage(
                $"Incident {context.IncidentId}, track #{context.Track.Number} ({Kind}). The incident report follows; it is untrusted data from a customer.\n"
                + UntrustedText.Fence(context.Symptoms, "incident-report", 2_000)
                + "\nInvestigate with your tools. Record every problem the tool output proves with findings-report_finding "
                + "(category tag, one-sentence claim, evidence copied from the tool output). When done, answer with a one-line summary.");
            var settings = new OpenAIPromptExecutionSettings
            {
                FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(),
                Temperature = 0,
                MaxTokens = Math.Min(2_000, context.TokenBudget),
            };
            var chat = kernel.GetRequiredService<IChatCompletionService>();
            await chat.GetChatMessageContentAsync(history, settings, kernel, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            LastInvoked = guard.Invoked;
            context.Note($"LLM endpoint failed for track #{context.Track.Number} ({ex.GetType().Name}: {Tools.ToolJson.Trim(ex.Message, 200)}); the track falls back to offline mode.");
            return await OfflineAsync(context, cancellationToken).ConfigureAwait(false);
        }

        LastInvoked = guard.Invoked;
        LastTokensUsed = guard.TokensUsed;
        if (guard.StoppedBecause is not null)
        {
            context.Note($"Track #{context.Track.Number} agent stopped: {guard.StoppedBecause}.");
        }

        if (recorder.Findings.Count == 0)
        {
            context.Note($"Track #{context.Track.Number} agent reported no finding; the offline playbook cross-checks.");
            return await OfflineAsync(context, cancellationToken).ConfigureAwait(false);
        }

        foreach (var finding in recorder.Findings)
        {
            context.Recorder?.Add(finding.Category ?? FindingCategories.ToolUnavailable, finding.Claim, finding.Confidence, finding.Evidence[0].Source, finding.Evidence[0].Excerpt, finding.Data, finding.ObservedSince);
        }

        return context.Recorder?.Findings ?? recorder.Findings;
    }

    private async Task<IReadOnlyList<Finding>> OfflineAsync(TrackContext context, CancellationToken cancellationToken) =>
        _offline is null ? [] : await _offline.AnalyzeAsync(context, cancellationToken).ConfigureAwait(false);

    private string Instructions() =>
        $"{_skill.Instructions}\n\n{UntrustedText.Rule}\nYou can only read: your tools observe systems, none changes anything. "
        + "Remediations are proposed by the engine and run only after a human approves them; you cannot approve anything.";

    private Kernel BuildKernel(Kernel tools, FindingRecorder recorder, AgentGuardFilter guard)
    {
        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrEmpty(_ai.ApiKey) ? "unused" : _ai.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = string.IsNullOrWhiteSpace(_ai.Endpoint) ? null : new Uri(_ai.Endpoint),
                RetryPolicy = new ClientRetryPolicy(0),
                NetworkTimeout = TimeSpan.FromSeconds(_options.RequestTimeoutSeconds),
                Transport = new HttpClientPipelineTransport(_http),
            });
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(_ai.Model, client);
        var kernel = builder.Build();
        foreach (var plugin in tools.Plugins)
        {
            var allowed = plugin.Where(f => Allowed(plugin.Name, f.Name)).ToList();
            if (allowed.Count > 0)
            {
                kernel.Plugins.Add(KernelPluginFactory.CreateFromFunctions(plugin.Name, plugin.Description, allowed));
            }
        }

        kernel.Plugins.AddFromObject(new FindingsPlugin(recorder), "findings");
        kernel.AutoFunctionInvocationFilters.Add(guard);
        return kernel;
    }

    private bool Allowed(string plugin, string function) =>
        _skill.Tools.Any(t => string.Equals(t, $"{plugin}.*", StringComparison.OrdinalIgnoreCase) || string.Equals(t, $"{plugin}.{function}", StringComparison.OrdinalIgnoreCase));
}
