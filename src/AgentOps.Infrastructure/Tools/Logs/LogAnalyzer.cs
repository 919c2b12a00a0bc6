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
    public Task<LogAnalysis> AnalyzeAsync(IReadOnlyList<string> paths, DateTimeOffset? since, DateTimeOffset? until, TimeSpan spikeWindow, CancellationToken cancellationToken = default) =>
        AnalyzeAsync(paths, [], since, until, keepUntimed: false, spikeWindow, cancellationToken);

    /// <summary>Mines the files behind <paramref name="paths"/> and the in-memory <paramref name="texts"/> (email
    /// attachments, read whole) together.</summary>
    /// <param name="paths">Files or folders, as for the other overload.</param>
    /// <param name="texts">In-memory logs (<see cref="LogSource.Content"/>), listed in <see cref="LogAnalysis.Files"/> by name; the time range does not apply to them.</param>
    /// <param name="since">Keep file lines at or after this time; <see langword="null"/> for no bound.</param>
    /// <param name="until">Keep file lines before this time; <see langword="null"/> for no bound.</param>
    /// <param name="keepUntimed">Keep lines with no known time (a file without timestamps, the lines before the first one) when a bound is set.</param>
    /// <param name="spikeWindow">Window of the error-spike detector.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <exception cref="FileNotFoundException">When there is a single path, no text, and nothing exists at the path.</exception>
    /// <exception cref="OperationCanceledException">When cancelled.</exception>
    public async Task<LogAnalysis> AnalyzeAsync(
        IReadOnlyList<string> paths,
        IReadOnlyList<LogSource> texts,
        DateTimeOffset? since,
        DateTimeOffset? until,
        bool keepUntimed,
        TimeSpan spikeWindow,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(texts);
        var year = timeProvider.GetUtcNow().Year;
        var miner = new LogTemplateMiner(Copy(minerOptions.Value, year));
        var spikes = new ErrorSpikeDetector(new ErrorSpikeOptions { Window = spikeWindow });
        var files = new List<string>();
        var binary = new List<string>();
        var unreadable = new List<string>();
        long lines = 0;
        long kept = 0;

        DateTimeOffset? Feed(string line, DateTimeOffset? last, bool bounded)
        {
            lines++;
            var header = LogHeaderParser.Parse(line, year);
            var at = header.Timestamp ?? last;
            if (bounded && (at is not null || !keepUntimed)
                && ((since is not null && (at is null || at < since)) || (until is not null && (at is null || at >= until))))
            {
                return at;
            }

            kept++;
            // Cluster ids are offset by one: 0 means "no group" to the detector.
            spikes.Add(header, miner.Add(line, header) + 1);
            return at;
        }

        foreach (var file in paths.Count == 0 ? [] : ListFiles(paths, texts.Count > 0, unreadable))
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
                    last = Feed(line, last, bounded: true);
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

        foreach (var text in texts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Add(text.Name);
            DateTimeOffset? last = null;
            foreach (var line in reader.ReadLines(text.Content))
            {
                last = Feed(line, last, bounded: false);
            }
        }

        return new LogAnalysis(files, binary, unreadable, lines, kept, miner.GetTemplates(), spikes.Spikes(g => miner.TemplateIdOf(g - 1)), spikes.Baseline());
    }

    private List<string> ListFiles(IReadOnlyList<string> paths, bool lenient, List<string> unreadable)
    {
        if (paths.Count == 1 && !lenient)
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
