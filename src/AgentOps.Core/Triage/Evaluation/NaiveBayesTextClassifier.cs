namespace AgentOps.Core.Triage.Evaluation;

/// <summary>
/// Plain multinomial naive Bayes over a bag of words (lower-cased, accent-folded tokens, Laplace smoothing α = 1):
/// the baseline a trained model must beat.
/// </summary>
public sealed class NaiveBayesTextClassifier
{
    private readonly Dictionary<string, double> _logPriors;
    private readonly Dictionary<string, Dictionary<string, double>> _logLikelihoods;
    private readonly Dictionary<string, double> _logUnseen;
    private readonly HashSet<string> _vocabulary;

    private NaiveBayesTextClassifier(Dictionary<string, double> logPriors, Dictionary<string, Dictionary<string, double>> logLikelihoods, Dictionary<string, double> logUnseen, HashSet<string> vocabulary)
    {
        _vocabulary = vocabulary;
        _logPriors = logPriors;
        _logLikelihoods = logLikelihoods;
        _logUnseen = logUnseen;
    }

    /// <summary>Labels the model knows.</summary>
    public IReadOnlyCollection<string> Labels => _logPriors.Keys;

    /// <summary>Trains on <paramref name="examples"/>.</summary>
    /// <exception cref="ArgumentException">No examples.</exception>
    public static NaiveBayesTextClassifier Train(IEnumerable<LabeledText> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var documents = new Dictionary<string, int>(StringComparer.Ordinal);
        var counts = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var example in examples)
        {
            total++;
            documents[example.Label] = documents.GetValueOrDefault(example.Label) + 1;
            if (!counts.TryGetValue(example.Label, out var words))
            {
                words = new Dictionary<string, int>(StringComparer.Ordinal);
                counts[example.Label] = words;
            }

            foreach (var token in TextFolding.Tokens(example.Text))
            {
                words[token] = words.GetValueOrDefault(token) + 1;
                vocabulary.Add(token);
            }
        }

        if (total == 0)
        {
            throw new ArgumentException("Cannot train naive Bayes on no examples.", nameof(examples));
        }

        var logPriors = documents.ToDictionary(p => p.Key, p => Math.Log((double)p.Value / total), StringComparer.Ordinal);
        var logLikelihoods = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        var logUnseen = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, words) in counts)
        {
            var denominator = words.Values.Sum() + vocabulary.Count;
            logLikelihoods[label] = words.ToDictionary(p => p.Key, p => Math.Log((p.Value + 1.0) / denominator), StringComparer.Ordinal);
            logUnseen[label] = Math.Log(1.0 / denominator);
        }

        return new NaiveBayesTextClassifier(logPriors, logLikelihoods, logUnseen, vocabulary);
    }

    /// <summary>The most probable label of <paramref name="text"/>; words never seen in training are ignored, ties go to the ordinally first label.</summary>
    public string Predict(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = TextFolding.Tokens(text).Where(_vocabulary.Contains).ToList();
        string? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var label in _logPriors.Keys.Order(StringComparer.Ordinal))
        {
            var likelihoods = _logLikelihoods[label];
            var unseen = _logUnseen[label];
            var score = _logPriors[label] + tokens.Sum(t => likelihoods.GetValueOrDefault(t, unseen));
            if (score > bestScore)
            {
                bestScore = score;
                best = label;
            }
        }

        return best!;
    }
}
