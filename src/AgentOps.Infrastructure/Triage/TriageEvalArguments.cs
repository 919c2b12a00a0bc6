namespace AgentOps.Infrastructure.Triage;

/// <summary>Arguments of <c>agentops triage eval</c>.</summary>
/// <param name="DataPath">CSV file of labelled tickets (<c>--data</c>).</param>
/// <param name="TextColumns">Columns joined as the text (<c>--text subject,body</c>).</param>
/// <param name="LabelColumn">Column holding the gold label (<c>--label priority</c>).</param>
public sealed record TriageEvalArguments(string DataPath, IReadOnlyList<string> TextColumns, string LabelColumn)
{
    /// <summary><c>rules</c>, <c>ml</c>, <c>llm</c> or <c>ensemble</c> (<c>--classifier</c>). Default <c>rules</c>.</summary>
    public string Classifier { get; init; } = "rules";

    /// <summary>A trained model (<c>--model</c>): <c>ml</c> and <c>ensemble</c> use it on every row instead of cross-validating. Default: none.</summary>
    public string? ModelPath { get; init; }

    /// <summary>Label mapping (<c>--map high=P1,medium=P2,low=P3</c>), needed by rules, llm and ensemble for word labels. Default: none.</summary>
    public string? Map { get; init; }

    /// <summary>Folds of the stratified cross-validation (<c>--folds</c>), used to train ml (without a model) and the naive-Bayes baseline; 0 or 1 turns it off. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// For <c>ml</c> (<c>--favor high=0.3</c>): predict this label whenever the model gives it at least
    /// <see cref="FavorThreshold"/>, to raise its recall. Default: none (most probable label).
    /// </summary>
    public string? FavorLabel { get; init; }

    /// <summary>Probability from which <see cref="FavorLabel"/> wins. Default 0.5.</summary>
    public double FavorThreshold { get; init; } = 0.5;

    /// <summary>
    /// For <c>ml</c> with <see cref="FavorLabel"/> while cross-validating (<c>--min-recall 0.8</c>): instead of a fixed
    /// <see cref="FavorThreshold"/>, choose a <see cref="AgentOps.Core.Triage.Evaluation.FavoredLabelRule"/> on each
    /// training part by an inner cross-validation (<see cref="InnerFolds"/> folds of the training rows only, never the
    /// test fold): the highest threshold whose recall of the favored label reaches this value, then weights of the other
    /// labels giving the best macro-F1 on those inner predictions. Default: none (use <see cref="FavorThreshold"/>).
    /// </summary>
    public double? FavorMinRecall { get; init; }

    /// <summary>
    /// With <see cref="FavorMinRecall"/> (<c>--recall-confidence 0.95</c>): choose the threshold so that the recall holds on
    /// new tickets with this probability, not only on the inner held-out ones (an order statistic of the inner
    /// predictions, <see cref="AgentOps.Core.Triage.Evaluation.RecallThreshold"/>). Default: none (the plain estimate).
    /// </summary>
    public double? FavorRecallConfidence { get; init; }

    /// <summary>Folds of the inner cross-validation behind <see cref="FavorMinRecall"/> (<c>--inner-folds</c>). Default 3.</summary>
    public int InnerFolds { get; init; } = 3;

    /// <summary>Features of the trained model (<c>--features words|words+chars</c>). Default <see cref="MlTextFeatures.Words"/>.</summary>
    public MlTextFeatures Features { get; init; } = MlTextFeatures.Words;

    /// <summary>
    /// Categorical columns known at triage time (<c>--categorical queue,type</c>), one indicator feature per value for
    /// <c>ml</c> only; the naive-Bayes baseline reads their values as words. Never a column written after triage (such as
    /// the agent's answer). Default: none.
    /// </summary>
    public IReadOnlyList<string> CategoryColumns { get; init; } = [];

    /// <summary>Seed of the fold shuffle. Default 42.</summary>
    public int Seed { get; init; } = 42;
}
