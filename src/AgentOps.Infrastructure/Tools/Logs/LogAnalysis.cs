using AgentOps.Core.Diagnostics.Logs;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Result of <see cref="LogAnalyzer.AnalyzeAsync(IReadOnlyList{string}, DateTimeOffset?, DateTimeOffset?, TimeSpan, CancellationToken)"/>.</summary>
/// <param name="Files">Text files read.</param>
/// <param name="BinaryFiles">Files skipped because they look binary.</param>
/// <param name="UnreadableFiles">Files that could not be read, with the reason.</param>
/// <param name="Lines">Lines read.</param>
/// <param name="LinesInRange">Lines kept by the time filter and mined.</param>
/// <param name="Templates">Mined templates, most frequent first.</param>
/// <param name="Spikes">Error spikes on the requested window.</param>
/// <param name="ErrorBaseline">Median errors per window.</param>
public sealed record LogAnalysis(
    IReadOnlyList<string> Files,
    IReadOnlyList<string> BinaryFiles,
    IReadOnlyList<string> UnreadableFiles,
    long Lines,
    long LinesInRange,
    IReadOnlyList<LogTemplate> Templates,
    IReadOnlyList<ErrorSpike> Spikes,
    double ErrorBaseline);
