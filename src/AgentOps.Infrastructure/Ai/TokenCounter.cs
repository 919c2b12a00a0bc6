using Microsoft.ML.Tokenizers;

namespace AgentOps.Infrastructure.Ai;

/// <summary>
/// Counts and cuts text in model tokens with the <c>o200k_base</c> byte-pair encoding (GPT-4o, GPT-4.1, o-series), from
/// the vocabulary shipped in the Microsoft.ML.Tokenizers.Data.O200kBase package: no download at run time. Other models
/// count differently but within a few percent on log and JSON text, which is what the budgets need.
/// </summary>
public sealed class TokenCounter
{
    private static readonly Lazy<TokenCounter> Shared = new(() => new TokenCounter(TiktokenTokenizer.CreateForEncoding("o200k_base")));

    private readonly Tokenizer _tokenizer;

    private TokenCounter(Tokenizer tokenizer)
    {
        _tokenizer = tokenizer;
    }

    /// <summary>The shared counter (the vocabulary is loaded once, on first use; thread-safe).</summary>
    public static TokenCounter O200k => Shared.Value;

    /// <summary>Number of tokens of <paramref name="text"/>; 0 for null or empty.</summary>
    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    /// <summary>
    /// The longest prefix of <paramref name="text"/> of at most <paramref name="maxTokens"/> tokens, cut on a token
    /// boundary; the text itself when it fits.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTokens"/> is negative.</exception>
    public string Truncate(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxTokens);
        if (maxTokens == 0 || text.Length == 0)
        {
            return string.Empty;
        }

        var end = _tokenizer.GetIndexByTokenCount(text, maxTokens, out _, out _);
        return end >= text.Length ? text : text[..end];
    }
}
