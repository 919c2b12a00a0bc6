namespace AgentOps.Core.Triage;

/// <summary>
/// Tells the language of a customer's message (English, French, German or Spanish) from its function words and the
/// words of the triage lexicon (<see cref="TriageLexicon"/>), so that replies are written in the customer's language.
/// </summary>
public static class LanguageDetector
{
    /// <summary>Fewest language-specific words a message needs before a language is named. 3.</summary>
    public const int MinimumEvidence = 3;

    // Frequent words that belong to one language only (folded: lower case, no accents). Words shared by two of the
    // languages ("la", "de", "en", "die", "es", "se", "y"...) are left out, and a word listed twice is ignored: it would vote for both.
    private static readonly Dictionary<string, string[]> FunctionWords = new(StringComparer.Ordinal)
    {
        ["en"] = ["the", "is", "are", "and", "to", "of", "we", "you", "not", "with", "for", "since", "this", "our", "it", "can", "cannot", "hello", "hi", "thanks", "please", "error", "when", "have", "has", "be", "from", "any", "all", "morning"],
        ["fr"] = ["le", "les", "des", "est", "et", "une", "pour", "pas", "nous", "vous", "je", "ne", "sur", "avec", "dans", "depuis", "bonjour", "merci", "plus", "sont", "ce", "ces", "notre", "nos", "du", "au", "aux", "qui", "mais", "peuvent", "matin", "erreur", "lors", "c", "d", "j", "l", "n", "qu"],
        ["de"] = ["der", "das", "und", "ist", "nicht", "wir", "ich", "mit", "fur", "seit", "hallo", "danke", "bitte", "ein", "eine", "einen", "unsere", "auf", "sind", "kann", "konnen", "heute", "morgen", "fehler", "beim", "keine", "zu", "auch"],
        ["es"] = ["el", "los", "las", "que", "con", "para", "desde", "hola", "gracias", "una", "pero", "nuestros", "nuestro", "del", "al", "por", "esta", "estan", "pueden", "hoy", "manana", "error", "cuando", "muy", "todos", "favor"],
    };

    private static readonly string[] Languages = [.. FunctionWords.Keys];

    private static readonly LexiconScanner Lexicon = new([
        TriageLexicon.Urgency
            .Concat(TriageLexicon.Impact.Values.SelectMany(t => t))
            .Concat(TriageLexicon.Intents.Values.SelectMany(t => t))
            .Where(t => FunctionWords.ContainsKey(t.Language))]);

    // Each function word and the index in Languages of the one language it belongs to.
    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> WordLanguage = FunctionWords
        .SelectMany(kv => kv.Value.Select(w => (Word: w, Language: Array.IndexOf(Languages, kv.Key))))
        .GroupBy(x => x.Word, StringComparer.Ordinal)
        .Where(g => g.Count() == 1)
        .ToDictionary(g => g.Key, g => g.Single().Language, StringComparer.Ordinal)
        .GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The ISO 639-1 code (<c>en</c>, <c>fr</c>, <c>de</c>, <c>es</c>) of the language <paramref name="text"/> is written in.</summary>
    /// <returns>The language with the most evidence, or null when the text is too short or too mixed to tell
    /// (fewer than <see cref="MinimumEvidence"/> words, or a tie).</returns>
    public static string? Detect(string text) => Detect(text, MinimumEvidence);

    /// <summary>Like <see cref="Detect(string)"/>, naming a language from <paramref name="minimumEvidence"/> words (1 for a single sentence).</summary>
    public static string? Detect(string text, int minimumEvidence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new FoldedText(text);
        Span<double> votes = stackalloc double[Languages.Length];
        var chars = folded.Folded;
        var i = 0;
        while (i < chars.Length)
        {
            // Words as TextFolding.Tokens splits them: runs of letters and digits.
            if (!char.IsLetterOrDigit(chars[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < chars.Length && char.IsLetterOrDigit(chars[i]))
            {
                i++;
            }

            if (WordLanguage.TryGetValue(chars.AsSpan(start, i - start), out var language))
            {
                votes[language]++;
            }
        }

        // Domain words count double: "paiement" or "dringend" say more than "et" or "und".
        foreach (var match in Lexicon.Scan(folded)[0])
        {
            votes[Array.IndexOf(Languages, match.Term.Language)] += 2;
        }

        var best = 0;
        for (var k = 1; k < votes.Length; k++)
        {
            best = votes[k] > votes[best] ? k : best;
        }

        var tie = false;
        for (var k = 0; k < votes.Length; k++)
        {
            tie |= k != best && votes[k] == votes[best];
        }

        return votes[best] < minimumEvidence || votes[best] == 0 || tie ? null : Languages[best];
    }
}
