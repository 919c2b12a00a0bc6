namespace AgentOps.Infrastructure.Triage;

/// <summary>Arguments of <c>agentops triage train</c>.</summary>
/// <param name="DataPath">CSV file of labelled tickets (<c>--data</c>).</param>
/// <param name="TextColumns">Columns joined as the text (<c>--text subject,body</c>).</param>
/// <param name="LabelColumn">Column holding the label (<c>--label priority</c>).</param>
/// <param name="ModelPath">Where the model .zip is written (<c>--model</c>). Default <c>triage-model.zip</c>.</param>
public sealed record TriageTrainArguments(string DataPath, IReadOnlyList<string> TextColumns, string LabelColumn, string ModelPath = "triage-model.zip")
{
    /// <summary>Features of the model (<c>--features words|words+chars</c>). Default <see cref="MlTextFeatures.Words"/>.</summary>
    public MlTextFeatures Features { get; init; } = MlTextFeatures.Words;

    /// <summary>
    /// Categorical columns known at triage time (<c>--categorical queue,type</c>), one indicator feature per value. A
    /// model trained with them sees none when it classifies an email, which has no such column. Default: none.
    /// </summary>
    public IReadOnlyList<string> CategoryColumns { get; init; } = [];
}
