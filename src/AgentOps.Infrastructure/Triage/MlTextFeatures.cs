namespace AgentOps.Infrastructure.Triage;

/// <summary>How <see cref="MlTextModel"/> turns text into features.</summary>
public enum MlTextFeatures
{
    /// <summary>Word uni- and bi-grams (lower-cased, accents removed, L2-normalized). The default.</summary>
    Words,

    /// <summary>Word uni- and bi-grams plus character tri-grams (robust to inflections, compounds and typos).</summary>
    WordsAndChars,
}
