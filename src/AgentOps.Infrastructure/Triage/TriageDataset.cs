using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Infrastructure.Triage;

/// <summary>Labelled texts read from a CSV file: the text columns joined by a line break, and the label column.</summary>
public sealed class TriageDataset
{
    private TriageDataset(string source, IReadOnlyList<LabeledText> examples, int skipped)
    {
        Source = source;
        Examples = examples;
        Skipped = skipped;
    }

    /// <summary>Path of the CSV file.</summary>
    public string Source { get; }

    /// <summary>The examples, in file order.</summary>
    public IReadOnlyList<LabeledText> Examples { get; }

    /// <summary>Rows left out because their label was empty.</summary>
    public int Skipped { get; }

    /// <summary>Distinct labels, most frequent first.</summary>
    public IReadOnlyList<string> Labels =>
        [.. Examples.GroupBy(e => e.Label, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key)];

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <param name="path">CSV file with a header line.</param>
    /// <param name="textColumns">Columns joined as the text, e.g. <c>subject</c>, <c>body</c>.</param>
    /// <param name="labelColumn">Column holding the label, e.g. <c>priority</c>.</param>
    /// <exception cref="TriageDataException">The file is missing or empty, a column is missing, or no row has a label.</exception>
    public static TriageDataset Load(string path, IReadOnlyList<string> textColumns, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(textColumns);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        if (textColumns.Count == 0)
        {
            throw new TriageDataException("No text column given: pass e.g. --text subject,body.");
        }

        var table = CsvTable.Load(path);
        var textIndexes = textColumns.Select(table.ColumnIndex).ToList();
        var labelIndex = table.ColumnIndex(labelColumn);
        var examples = new List<LabeledText>(table.Rows.Count);
        var skipped = 0;
        foreach (var row in table.Rows)
        {
            var label = row[labelIndex].Trim();
            if (label.Length == 0)
            {
                skipped++;
                continue;
            }

            examples.Add(new LabeledText(string.Join("\n", textIndexes.Select(i => row[i])), label));
        }

        if (examples.Count == 0)
        {
            throw new TriageDataException($"{path}: no row has a value in column '{labelColumn}'.");
        }

        return new TriageDataset(path, examples, skipped);
    }

    /// <summary>Splits a comma-separated column list such as <c>subject,body</c>.</summary>
    public static IReadOnlyList<string> SplitColumns(string columns) =>
        [.. (columns ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
