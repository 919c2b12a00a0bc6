using AgentOps.Core.Triage;
using AgentOps.Core.Triage.Evaluation;

namespace AgentOps.Infrastructure.Triage;

/// <summary>
/// Labelled texts read from a CSV file: the text columns joined by a line break, the label column and, optionally,
/// categorical columns kept apart as <c>column=value</c> (<see cref="LabeledText.Categories"/>).
/// </summary>
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
    /// <param name="categoryColumns">Categorical columns known at triage time, e.g. <c>queue</c>; an empty value is left out. Default: none.</param>
    /// <exception cref="TriageDataException">
    /// The file is missing or empty, a column is missing, no row has a label, or the label column is also a text or categorical column.
    /// </exception>
    public static TriageDataset Load(string path, IReadOnlyList<string> textColumns, string labelColumn, IReadOnlyList<string>? categoryColumns = null)
    {
        ArgumentNullException.ThrowIfNull(textColumns);
        ArgumentException.ThrowIfNullOrWhiteSpace(labelColumn);
        categoryColumns ??= [];
        var label = labelColumn.Trim();
        if (textColumns.Concat(categoryColumns).Any(c => string.Equals(c.Trim(), label, StringComparison.OrdinalIgnoreCase)))
        {
            throw new TriageDataException($"Column '{labelColumn}' is the label: it cannot also be a text or categorical column.");
        }

        if (textColumns.Count == 0)
        {
            throw new TriageDataException("No text column given: pass e.g. --text subject,body.");
        }

        var table = CsvTable.Load(path);
        var textIndexes = textColumns.Select(table.ColumnIndex).ToList();
        var labelIndex = table.ColumnIndex(labelColumn);
        var categoryIndexes = categoryColumns.Select(c => (Name: c.Trim(), Index: table.ColumnIndex(c))).ToList();
        var examples = new List<LabeledText>(table.Rows.Count);
        var skipped = 0;
        foreach (var row in table.Rows)
        {
            var value = row[labelIndex].Trim();
            if (value.Length == 0)
            {
                skipped++;
                continue;
            }

            examples.Add(new LabeledText(string.Join("\n", textIndexes.Select(i => row[i])), value)
            {
                Categories = [.. categoryIndexes.Where(c => row[c.Index].Trim().Length > 0).Select(c => $"{c.Name}={row[c.Index].Trim()}")],
            });
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
