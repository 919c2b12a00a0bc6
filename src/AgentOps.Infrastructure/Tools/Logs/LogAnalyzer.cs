using AgentOps.Core.Diagnostics.Logs;
using Microsoft.Extensions.Options;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>Mines templates and error spikes from files or folders, streaming, with an optional time range. Lines
/// without a timestamp (stack traces, continuations) take the time of the line before them for the range filter.</summary>
public sealed class LogAnalyzer(LogFileReader reader, IOptions<LogTemplateMinerOptions> minerOptions, TimeProvider timeProvider)
{
    /// <summary>Reads every text file behind <paramref name="path"/> and mines it.</summary>
    /// <param name="path">A file or a folder.</param>
    /// <param name="since">Keep lines at or after this time; <see langword="null"/> for no bound.</param>
    /// <param name="until">Keep lines before this time; <see langword="null"/> for no bound.</param>
    /// <param name="spikeWindow">Window of the error-spike detector.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FileNotFoundException">When nothing exists at <paramref name="path"/>.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public Task<LogAnalysis> AnalyzeAsync(string path, DateTimeOffset? since, DateTimeOffset? until, TimeSpan spikeWindow, CancellationToken cancellationToken = default) =>
        AnalyzeAsync([path], since, until, spikeWindow, cancellationToken);

    /// <summary>Reads every text file behind each of <paramref name="paths"/> and mines them together.</summary>
    /// <param name="paths">Files or folders; with several, one that does not exist is reported in
    /// <see cref="LogAnalysis.UnreadableFiles"/> instead of failing the whole analysis.</param>
    /// <param name="since">Keep lines at or after this time; <see langword="null"/> for no bound.</param>
    /// <param name="until">Keep lines before this time; <see langword="null"/> for no bound.</param>
    /// <param name="spikeWindow">Window of the error-spike detector.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FileNotFoundException">When there is a single path and nothing exists there.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public async Task<LogAnalysis> AnalyzeAsync(IReadOnlyList<string> paths, DateTimeOffset? since, DateTimeOffset? until, TimeSpan spikeWindow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var year = timeProvider.GetUtcNow().Year;
        var miner = new LogTemplateMiner(Copy(minerOptions.Value, year));
        var spikes = new ErrorSpikeDetector(new ErrorSpikeOptions { Window = spikeWindow });
        var files = new List<string>();
        var binary = new List<string>();
        var unreadable = new List<string>();
        long lines = 0;
        long kept = 0;
        foreach (var file in ListFiles(paths, unreadable))
        {
            try
            {
                if (reader.IsBinary(file))
                {
                    binary.Add(file);
                    continue;
                }

                files.Add(file);
                DateTimeOffset? last = null;
                await foreach (var line in reader.ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
                {
                    lines++;
                    var header = LogHeaderParser.Parse(line, year);
                    var at = header.Timestamp ?? last;
                    last = at;
                    if ((since is not null && (at is null || at < since)) || (until is not null && (at is null || at >= until)))
                    {
                        continue;
                    }

                    kept++;
                    // Cluster ids are offset by one: 0 means "no group" to the detector.
                    spikes.Add(header, miner.Add(line, header) + 1);
                }
            }
            catch (IOException e)
            {
                unreadable.Add($"{file}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                unreadable.Add($"{file}: {e.Message}");
            }
        }

        return new LogAnalysis(files, binary, unreadable, lines, kept, miner.GetTemplates(), spikes.Spikes(g => miner.TemplateIdOf(g - 1)), spikes.Baseline());
    }

    private List<string> ListFiles(IReadOnlyList<string> paths, List<string> unreadable)
    {
        if (paths.Count == 1)
        {
            return [.. reader.ListFiles(paths[0])];
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            try
            {
                files.AddRange(reader.ListFiles(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                unreadable.Add($"{path}: {e.Message}");
            }
        }

        return files;
    }

    private static LogTemplateMinerOptions Copy(LogTemplateMinerOptions o, int year) => new()
    {
        SimilarityThreshold = o.SimilarityThreshold,
        PrefixDepth = o.PrefixDepth,
        MaxChildren = o.MaxChildren,
        BurstWindow = o.BurstWindow,
        SampleLength = o.SampleLength,
        DefaultYear = year,
    };
}
