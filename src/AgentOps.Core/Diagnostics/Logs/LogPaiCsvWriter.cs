using System.Globalization;

namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Writes mining results in LogPAI's structured format, one row per input line: <c>LineId,EventId,EventTemplate</c>
/// (1-based line ids, event ids <c>E&lt;template id&gt;</c>, RFC 4180 quoting), so that the LogPAI evaluator can
/// score them.
/// </summary>
public static class LogPaiCsvWriter
{
    /// <summary>Header row.</summary>
    public const string Header = "LineId,EventId,EventTemplate";

    /// <summary>Mines every line of <paramref name="input"/> with one <see cref="LogTemplateMiner"/> and writes the rows
    /// once the whole input is read (templates are final only then). Keeps one integer per line in memory.</summary>
    /// <param name="input">Raw log lines.</param>
    /// <param name="output">Destination of the CSV.</param>
    /// <param name="options">Miner settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops reading and writing.</param>
    /// <returns>The miner, for its templates.</returns>
    /// <exception cref="ArgumentNullException">When a reader or writer is null.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public static Task<LogTemplateMiner> WriteAsync(TextReader input, TextWriter output, LogTemplateMinerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return WriteAsync(ReadLinesAsync(input, cancellationToken), output, options, cancellationToken);
    }

    /// <summary>Same as <see cref="WriteAsync(TextReader, TextWriter, LogTemplateMinerOptions?, CancellationToken)"/>
    /// over a stream of lines (for instance <c>LogFileReader.ReadLinesAsync</c>, which also reads <c>.gz</c>).</summary>
    /// <param name="lines">Raw log lines.</param>
    /// <param name="output">Destination of the CSV.</param>
    /// <param name="options">Miner settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops reading and writing.</param>
    /// <returns>The miner, for its templates.</returns>
    /// <exception cref="ArgumentNullException">When the lines or the writer are null.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public static async Task<LogTemplateMiner> WriteAsync(IAsyncEnumerable<string> lines, TextWriter output, LogTemplateMinerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(output);
        var miner = new LogTemplateMiner(options);
        var clusters = new List<int>();
        await foreach (var line in lines.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            clusters.Add(miner.Add(line));
        }

        await WriteAsync(output, miner, clusters, cancellationToken).ConfigureAwait(false);
        return miner;
    }

    /// <summary>Writes one row per cluster id, in order.</summary>
    /// <param name="output">Destination of the CSV.</param>
    /// <param name="miner">The miner that returned the ids.</param>
    /// <param name="clusterIds">Values returned by <see cref="LogTemplateMiner.Add(ReadOnlySpan{char})"/>, one per line.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <exception cref="ArgumentOutOfRangeException">When an id was not returned by <paramref name="miner"/>.</exception>
    public static async Task WriteAsync(TextWriter output, LogTemplateMiner miner, IEnumerable<int> clusterIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(miner);
        ArgumentNullException.ThrowIfNull(clusterIds);
        var texts = miner.GetTemplates().ToDictionary(t => t.Id, t => Quote(t.Text));
        await output.WriteLineAsync(Header.AsMemory(), cancellationToken).ConfigureAwait(false);
        var lineId = 0L;
        foreach (var clusterId in clusterIds)
        {
            var templateId = miner.TemplateIdOf(clusterId);
            lineId++;
            var row = string.Create(CultureInfo.InvariantCulture, $"{lineId},E{templateId},{texts[templateId]}");
            await output.WriteLineAsync(row.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<string> ReadLinesAsync(TextReader input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            yield return line;
        }
    }

    /// <summary>Quotes a field when it holds a comma, a quote, or a line break (RFC 4180).</summary>
    /// <param name="field">Raw field.</param>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
