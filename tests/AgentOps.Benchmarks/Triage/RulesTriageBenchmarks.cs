using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;
using BenchmarkDotNet.Attributes;

namespace AgentOps.Benchmarks.Triage;

/// <summary>
/// Cost of classifying the seed-004 email with the rules, as a ratio to the baseline: tokenizing the same text
/// (the least any text classifier does). Run: <c>dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*RulesTriage*'</c>.
/// </summary>
[MemoryDiagnoser]
public class RulesTriageBenchmarks
{
    private const string Subject = "URGENT - Paiements bloqués !!!";
    private const string Body = "Les clients ne peuvent plus payer depuis 10h ce matin !\nMessage d'erreur: \"Erreur 500 lors du paiement\"\n\nC'est CRITIQUE, nous perdons des ventes !";
    private readonly RulesTriageClassifier _rules = new();
    private readonly TriageInput _input = new(Subject, Body);
    private NaiveBayesTextClassifier _bayes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rules.Analyze(_input);
        _bayes = NaiveBayesTextClassifier.Train([new LabeledText(Body, "high"), new LabeledText("question about the invoice", "low")]);
    }

    [Benchmark(Baseline = true)]
    public int Tokenize() => TextFolding.Tokens($"{Subject}\n{Body}").Count();

    [Benchmark]
    public string NaiveBayes() => _bayes.Predict($"{Subject}\n{Body}");

    [Benchmark]
    public double Rules() => _rules.Analyze(_input).Score;
}
