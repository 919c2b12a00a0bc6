using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Diagnostics.Context;
using AgentOps.Core.Model;
using AgentOps.Core.Triage;

namespace AgentOps.Infrastructure.Tools.Logs;

/// <summary>
/// Chooses and ranks the log sources of one track from the configuration and the incident: the incident's attachments
/// first (application track by default), then the sources whose services or hosts the incident names, then those tagged
/// for the track, then the untagged ones; sources tagged for other tracks are left out. Every choice carries a reason.
/// </summary>
public static class LogSourceSelector
{
    private const int AttachmentScore = 100;
    private const int NamedScore = 10;
    private const int TrackScore = 1;

    /// <summary>The sources of <paramref name="options"/> in configuration order, untouched by any incident (all tracks, no window).</summary>
    /// <param name="options">The configured sources.</param>
    public static LogSourceSelection Configured(LogSourcesOptions options) => Select(options, null, null);

    /// <summary>Chooses the sources of a <paramref name="kind"/> track of the incident <paramref name="context"/>.</summary>
    /// <param name="options">The configured sources and the window and attachment settings.</param>
    /// <param name="context">What the incident says; null: configuration order, no attachment, no window.</param>
    /// <param name="kind">The track kind; null: every source.</param>
    public static LogSourceSelection Select(LogSourcesOptions options, IncidentContext? context, TrackKind? kind)
    {
        ArgumentNullException.ThrowIfNull(options);
        var notes = new List<string>();
        var ranked = new List<RankedLogSource>();
        if (context is not null && kind is { } k && options.AttachmentsAsSources && Covers(AttachmentTracks(options), k))
        {
            ranked.AddRange(Attachments(options, context, notes));
        }

        var leftOut = new List<string>();
        foreach (var source in Resolve(options))
        {
            if (kind is { } trackKind && source.Tracks.Count > 0 && !Covers(source.Tracks, trackKind))
            {
                leftOut.Add($"{LogSourceSelection.Display(source)} (tagged {string.Join("/", source.Tracks)})");
                continue;
            }

            if (source.Kind == LogSourceKind.Path && !File.Exists(source.Path) && !Directory.Exists(source.Path))
            {
                notes.Add($"Log source {LogSourceSelection.Display(source)} is missing: no file or folder at '{source.Path}'.");
            }

            ranked.Add(Rank(source, context, kind));
        }

        if (leftOut.Count > 0)
        {
            notes.Add($"Log sources left out of this {kind} track: {string.Join(", ", leftOut)}.");
        }

        var window = context is not null && options.UseIncidentWindow
            ? new LogWindow(context.Start - options.WindowBefore, context.Start + options.WindowAfter, context.StartReason)
            : null;
        return new LogSourceSelection([.. ranked.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Score).ThenBy(x => x.i).Select(x => x.r)], notes, window)
        {
            ForIncident = context is not null,
        };
    }

    /// <summary>Configuration errors of the tagged sources (for start-up validation).</summary>
    public static IEnumerable<string> Validate(LogSourcesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (source, i) in options.Sources.Select((s, i) => (s, i)))
        {
            var label = string.IsNullOrWhiteSpace(source.Name) ? $"Sources:{i}" : $"Sources:{i} ({source.Name})";
            if (string.IsNullOrWhiteSpace(source.Path) == string.IsNullOrWhiteSpace(source.LokiQuery))
            {
                yield return $"{label}: set exactly one of Path and LokiQuery.";
            }

            foreach (var track in source.Tracks.Where(t => !Enum.TryParse<TrackKind>(t, ignoreCase: true, out _)))
            {
                yield return $"{label}: unknown track '{track}' (use {string.Join(", ", Enum.GetNames<TrackKind>())}).";
            }
        }

        foreach (var track in options.AttachmentTracks.Where(t => !Enum.TryParse<TrackKind>(t, ignoreCase: true, out _)))
        {
            yield return $"AttachmentTracks: unknown track '{track}'.";
        }

        var names = Resolve(options).GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1);
        foreach (var duplicate in names)
        {
            yield return $"Sources: the name '{duplicate.Key}' is used twice.";
        }
    }

    private static IReadOnlyList<string> AttachmentTracks(LogSourcesOptions options) =>
        options.AttachmentTracks.Count == 0 ? [nameof(TrackKind.Application)] : options.AttachmentTracks;

    private static bool Covers(IReadOnlyList<string> tracks, TrackKind kind) =>
        tracks.Any(t => string.Equals(t, kind.ToString(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<LogSource> Resolve(LogSourcesOptions options)
    {
        foreach (var path in options.Paths.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var full = System.IO.Path.GetFullPath(path);
            yield return new LogSource(full, LogSourceKind.Path) { Path = full, Legacy = true };
        }

        foreach (var s in options.Sources)
        {
            var isPath = !string.IsNullOrWhiteSpace(s.Path);
            var full = isPath ? System.IO.Path.GetFullPath(s.Path) : string.Empty;
            var name = !string.IsNullOrWhiteSpace(s.Name) ? s.Name.Trim() : isPath ? full : $"loki:{s.LokiQuery}";
            yield return new LogSource(name, isPath ? LogSourceKind.Path : LogSourceKind.Loki)
            {
                Path = full,
                LokiQuery = isPath ? string.Empty : s.LokiQuery,
                Tracks = s.Tracks,
                Services = s.Services,
                Hosts = s.Hosts,
            };
        }

        if (!string.IsNullOrWhiteSpace(options.LokiQuery))
        {
            yield return new LogSource("loki", LogSourceKind.Loki) { LokiQuery = options.LokiQuery, Legacy = true };
        }
    }

    private static IEnumerable<RankedLogSource> Attachments(LogSourcesOptions options, IncidentContext context, List<string> notes)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var attachment in context.Attachments)
        {
            var name = "attachment:" + attachment.Name;
            for (var n = 2; !used.Add(name); n++)
            {
                name = $"attachment:{attachment.Name}#{n}";
            }

            if (string.IsNullOrWhiteSpace(attachment.Content))
            {
                notes.Add($"Attachment {attachment.Name} is empty: not read as a log.");
                continue;
            }

            if (BinaryReason(attachment.Content) is { } binary)
            {
                notes.Add($"Attachment {attachment.Name} is not read as a log: {binary}.");
                continue;
            }

            var content = attachment.Content;
            if (content.Length > options.MaxAttachmentChars)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Attachment {attachment.Name} is {content.Length:N0} characters: only its first {options.MaxAttachmentChars:N0} are read (Tools:Logs:MaxAttachmentChars)."));
                content = content[..options.MaxAttachmentChars];
            }

            if (attachment.Truncated)
            {
                notes.Add($"Attachment {attachment.Name} was cut at intake (size cap): its log is partial, later lines are missing.");
            }

            yield return new RankedLogSource(new LogSource(name, LogSourceKind.Attachment) { Content = content }, AttachmentScore, "attached to the email by the reporter (read whole)");
        }
    }

    /// <summary>Why text decoded from an attachment is not a log: NUL characters, control characters or undecodable bytes.</summary>
    private static string? BinaryReason(string content)
    {
        var sample = content.Length > 8192 ? content[..8192] : content;
        var nul = 0;
        var control = 0;
        var replacement = 0;
        foreach (var c in sample)
        {
            if (c == '\0')
            {
                nul++;
            }
            else if (c < ' ' && c is not '\n' and not '\r' and not '\t' and not '\f' and not '\u001b')
            {
                control++;
            }
            else if (c == '\uFFFD')
            {
                replacement++;
            }
        }

        return nul > 0 ? "binary content (NUL characters)"
            : (control + replacement) * 10 > sample.Length ? "binary content (control characters or undecodable bytes)"
            : null;
    }

    private static RankedLogSource Rank(LogSource source, IncidentContext? context, TrackKind? kind)
    {
        var reasons = new List<string>();
        var score = 0;
        if (context is not null)
        {
            foreach (var (tags, what) in new[] { (source.Services, "service"), (source.Hosts, "host") })
            {
                if (tags.Select(t => Named(t, what, context)).FirstOrDefault(r => r is not null) is { } reason)
                {
                    reasons.Add(reason);
                    score += NamedScore;
                }
            }
        }

        if (kind is { } k && Covers(source.Tracks, k))
        {
            reasons.Add($"tagged for {k} tracks");
            score += TrackScore;
        }

        if (reasons.Count == 0)
        {
            reasons.Add(source.Services.Count + source.Hosts.Count + source.Tracks.Count == 0
                ? "untagged: read by every track"
                : context is null ? "configured" : $"covers {string.Join(", ", source.Services.Concat(source.Hosts))}, not named in the incident");
        }

        return new RankedLogSource(source, score, string.Join("; ", reasons));
    }

    /// <summary>Why the incident names <paramref name="tag"/>: an entity it names, a word of its texts, or a triage impact; null when it does not.</summary>
    private static string? Named(string tag, string what, IncidentContext context)
    {
        var folded = TextFolding.Fold(tag.Trim());
        if (folded.Length == 0)
        {
            return null;
        }

        foreach (var entity in context.Entities)
        {
            if (entity.Name == folded || entity.Name.StartsWith(folded + ".", StringComparison.Ordinal) || entity.Name.Split('-', '.').Contains(folded))
            {
                return entity.Kind == IncidentEntityKinds.Impact
                    ? $"{what} '{tag}': the triage found a '{entity.Name}' impact"
                    : $"{what} '{tag}' named in {entity.Where}{(entity.Name == folded ? string.Empty : $" ({entity.Kind} '{entity.Name}')")}";
            }
        }

        var word = new Regex($"(?<![\\p{{L}}\\p{{N}}]){Regex.Escape(folded)}(?![\\p{{L}}\\p{{N}}])", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return context.Texts.FirstOrDefault(t => word.IsMatch(TextFolding.Fold(t.Text))) is { } text
            ? $"{what} '{tag}' named in {text.Where}"
            : null;
    }
}
