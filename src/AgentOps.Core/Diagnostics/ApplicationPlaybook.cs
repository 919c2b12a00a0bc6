using System.Globalization;
using System.Text.RegularExpressions;
using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Offline analyst of the application track: searches the track's log sources (<c>logs.search</c>, the same function
/// the LLM agents call: configured logs ranked for the incident, and the reporter's attachments) for an upstream
/// provider rejecting its API key and for 5xx answers, and dates both from the log timestamps. Each finding keeps, in
/// its <c>log_sources</c> data, which sources were searched and why.
/// </summary>
public sealed partial class ApplicationPlaybook : Playbook
{
    /// <summary>Pattern of a credential rejected by a provider.</summary>
    public const string RejectedKeyPattern =
        @"(api[ _-]?key|apikey|credential|secret|token)\W.{0,80}(expired|invalid|revoked)|(expired|invalid|revoked)\W.{0,40}(api[ _-]?key|apikey|credential|token)";

    /// <summary>Pattern of a 5xx answer in an access or application log line.</summary>
    public const string ServerErrorPattern = @"(status[=: ]+5\d\d\b|HTTP/\d(\.\d)?""? 5\d\d\b| 5\d\d Internal Server Error)";

    /// <summary>Pattern of a warning that a key or certificate is about to expire.</summary>
    public const string ExpiryWarningPattern = @"(expires?|expiring|expiry)\W{1,3}(in|soon|on|at|date)\b|will expire|about to expire";

    private const string Plugin = "logs";
    private const string Source = "logs.search";

    private static readonly string[] KnownProviders = ["stripe", "adyen", "paypal", "braintree", "checkout", "mollie", "twilio", "sendgrid"];

    /// <inheritdoc />
    public override TrackKind Kind => TrackKind.Application;

    /// <inheritdoc />
    protected override async Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        if (!context.Tools.Has(Plugin, "search"))
        {
            return;
        }

        var rejected = await SearchAsync(context, RejectedKeyPattern, recorder, cancellationToken).ConfigureAwait(false);
        var errors = await SearchAsync(context, ServerErrorPattern, recorder, cancellationToken).ConfigureAwait(false);
        if (rejected is null || errors is null)
        {
            return;
        }

        var searched = Searched(rejected) ?? Searched(errors);
        ReadRejectedKey(Matches(rejected), Source, recorder, searched);
        ReadServerErrors(Matches(errors), Source, recorder, searched);
        if (Matches(rejected).Count > 0 && await SearchAsync(context, ExpiryWarningPattern, recorder, cancellationToken).ConfigureAwait(false) is { } warnings)
        {
            ReadExpiryWarnings(Matches(warnings), Matches(rejected), Source, recorder, searched);
        }
    }

    private static List<string> Matches(IReadOnlyList<string> lines) => LogSearchAnswer.Matches(lines);

    private static string? Searched(IReadOnlyList<string> lines) => LogSearchAnswer.Searched(lines);

    /// <summary>The finding data saying which log sources were searched and why (none when the tool did not say).</summary>
    private static Dictionary<string, string> SourcesData(string? searched) =>
        searched is null ? [] : new Dictionary<string, string> { ["log_sources"] = searched };

    /// <summary>
    /// Whether anything announced the expiry before the first rejection → <see cref="FindingCategories.AppNoExpiryWarning"/>:
    /// either no warning at all (the failure was the first signal) or warnings that nothing acted on.
    /// </summary>
    internal static void ReadExpiryWarnings(IReadOnlyList<string> warnings, IReadOnlyList<string> rejected, string source, FindingRecorder recorder, string? searched = null)
    {
        var firstRejection = rejected.Select(Timestamp).Where(t => t.HasValue).Min();
        var earlier = warnings.Where(w => firstRejection is null || (Timestamp(w) is { } t && t < firstRejection)).ToList();
        if (earlier.Count == 0)
        {
            recorder.Add(
                FindingCategories.AppNoExpiryWarning,
                $"Nothing warned that the key would expire: the logs hold no expiry warning before the first rejection{(firstRejection is { } f ? $" at {f:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty)}, so the failure itself was the first signal.",
                0.6,
                source,
                rejected[0],
                SourcesData(searched),
                firstRejection);
            return;
        }

        var first = earlier.Select(Timestamp).Where(t => t.HasValue).Min();
        recorder.Add(
            FindingCategories.AppNoExpiryWarning,
            $"The key's expiry was announced in the logs ({earlier.Count} warning(s){(first is { } w ? $", first at {w:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty)}) but no alert acted on it before it expired.",
            0.7,
            source,
            earlier[0],
            SourcesData(searched),
            first);
    }

    /// <summary>Lines where a provider rejects an expired or invalid key → <see cref="FindingCategories.AppExpiredApiKey"/>.</summary>
    internal static void ReadRejectedKey(IReadOnlyList<string> lines, string source, FindingRecorder recorder, string? searched = null)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var provider = lines.Select(Provider).FirstOrDefault(p => p is not null) ?? "the upstream provider";
        var expired = lines.Any(l => l.Contains("expired", StringComparison.OrdinalIgnoreCase));
        var since = lines.Select(Timestamp).Where(t => t.HasValue).Min();
        recorder.Add(
            FindingCategories.AppExpiredApiKey,
            $"{Capitalize(provider)} rejects the application's API key as {(expired ? "expired" : "invalid")}: {lines.Count} rejected call(s){(since is { } s ? $" since {s:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty)}.",
            Math.Min(0.95, 0.7 + (0.05 * lines.Count)),
            source,
            string.Join(" | ", lines.Take(2)),
            new Dictionary<string, string>(SourcesData(searched)) { ["provider"] = provider, ["lines"] = lines.Count.ToString(CultureInfo.InvariantCulture) },
            since);
    }

    /// <summary>5xx answers → <see cref="FindingCategories.AppErrors5xx"/>.</summary>
    internal static void ReadServerErrors(IReadOnlyList<string> lines, string source, FindingRecorder recorder, string? searched = null)
    {
        if (lines.Count < 3)
        {
            return;
        }

        var since = lines.Select(Timestamp).Where(t => t.HasValue).Min();
        recorder.Add(
            FindingCategories.AppErrors5xx,
            $"The application answered {lines.Count} failed requests (HTTP 5xx){(since is { } s ? $" since {s:yyyy-MM-dd HH:mm:ss} UTC" : string.Empty)}.",
            lines.Count >= 10 ? 0.8 : 0.65,
            source,
            string.Join(" | ", lines.Take(2)),
            SourcesData(searched),
            since);
    }

    private static async Task<IReadOnlyList<string>?> SearchAsync(TrackContext context, string pattern, FindingRecorder recorder, CancellationToken cancellationToken)
    {
        // No path: every configured source (files, folders, or the application's Loki stream).
        var output = await CallAsync(context, Plugin, "search", cancellationToken, new Dictionary<string, object?> { ["pattern"] = pattern, ["maxMatches"] = 200 }).ConfigureAwait(false);
        if (output is null)
        {
            return null;
        }

        // logs.search answers "source:line: text" lines, bracketed notes (what was searched, binary or missing file), "no match", or a JSON error.
        var raw = output.Raw.TrimStart();
        if (raw.StartsWith('{'))
        {
            recorder.ToolUnavailable(output.Source, output.Error ?? raw);
            return null;
        }

        return raw == "no match"
            ? []
            : raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l != "no match")
                .ToList();
    }

    private static string? Provider(string line)
    {
        var named = ProviderField().Match(line);
        if (named.Success)
        {
            return named.Groups["name"].Value.ToLowerInvariant();
        }

        return KnownProviders.FirstOrDefault(p => line.Contains(p, StringComparison.OrdinalIgnoreCase));
    }

    private static DateTimeOffset? Timestamp(string line) => LogSearchAnswer.Timestamp(line);

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    [GeneratedRegex(@"provider[=: ]+""?(?<name>[A-Za-z][\w-]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ProviderField();
}
