using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentOps.Core.Communication;

/// <summary>
/// Checks a draft before it can be sent: the required facts are present, and nothing leaks that must stay inside
/// (secrets and tokens, internal hostnames and private IP addresses, stack traces). A draft that fails is held with the reason.
/// </summary>
public sealed partial class DraftChecker
{
    private static readonly (string Name, Regex Pattern)[] Leaks =
    [
        ("secret: Stripe key", StripeKey()),
        ("secret: GitHub token", GitHubToken()),
        ("secret: AWS access key", AwsKey()),
        ("secret: Slack token", SlackToken()),
        ("secret: bearer token", BearerToken()),
        ("secret: private key", PrivateKey()),
        ("secret: password or key assignment", PasswordAssignment()),
        ("secret: credentials in URL", UrlCredentials()),
        ("internal hostname", InternalHost()),
        ("private IP address", PrivateIp()),
        ("stack trace", DotNetStackFrame()),
        ("stack trace", DotNetInlineFrame()),
        ("stack trace", JavaStackFrame()),
        ("stack trace", PythonTraceback()),
        ("stack trace", ExceptionHeader()),
    ];

    /// <summary>Checks <paramref name="subject"/> and <paramref name="body"/> against <paramref name="required"/> facts and the leak rules.</summary>
    /// <returns>The problems found; none means the draft may be sent.</returns>
    public DraftCheckResult Check(string subject, string body, IReadOnlyList<RequiredFact> required)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(required);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(body))
        {
            problems.Add("empty body");
        }

        var text = subject + "\n" + body;
        var normalized = Normalize(text);
        foreach (var fact in required)
        {
            if (!Contains(normalized, fact))
            {
                problems.Add($"missing required fact: {fact.Name} ('{Shorten(fact.Value)}')");
            }
        }

        foreach (var (name, pattern) in Leaks)
        {
            var match = pattern.Match(text);
            if (match.Success)
            {
                var problem = $"{name} ({Mask(match.Value)})";
                if (!problems.Contains(problem))
                {
                    problems.Add(problem);
                }
            }
        }

        return new DraftCheckResult(problems);
    }

    private static bool Contains(string normalizedText, RequiredFact fact)
    {
        var value = Normalize(fact.Value);
        if (value.Length == 0 || normalizedText.Contains(value, StringComparison.Ordinal))
        {
            return true;
        }

        if (!fact.Paraphrase)
        {
            return false;
        }

        var words = WordPattern().Matches(value).Select(m => m.Value).Where(w => w.Length >= 4).Distinct().ToList();
        if (words.Count == 0)
        {
            return false;
        }

        var found = words.Count(w => normalizedText.Contains(w, StringComparison.Ordinal));
        return found * 10 >= words.Count * 6;
    }

    private static string Normalize(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    sb.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            sb.Append(c);
            lastWasSpace = false;
        }

        return sb.ToString().Trim();
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";

    // Reasons are stored and shown: never repeat the secret itself.
    private static string Mask(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length <= 6 ? trimmed : trimmed[..6] + "…";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b(sk|rk|pk)_(live|test)_[A-Za-z0-9]{4,}")]
    private static partial Regex StripeKey();

    [GeneratedRegex(@"\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{16,}|\bgithub_pat_[A-Za-z0-9_]{20,}")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\b(AKIA|ASIA)[A-Z0-9]{16}\b")]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"\bxox[abprs]-[A-Za-z0-9-]{10,}")]
    private static partial Regex SlackToken();

    [GeneratedRegex(@"\bBearer\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.IgnoreCase)]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(password|passwd|pwd|secret|api[_-]?key|access[_-]?token|client[_-]?secret|mot[_ ]de[_ ]passe)\s*[=:]\s*\S{3,}", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordAssignment();

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://[^\s/:@]+:[^\s/@]+@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlCredentials();

    [GeneratedRegex(@"\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(internal|local|corp|lan|intranet)\b(?!\.[a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex InternalHost();

    [GeneratedRegex(@"\b(10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3}|127\.\d{1,3}\.\d{1,3}\.\d{1,3})\b")]
    private static partial Regex PrivateIp();

    [GeneratedRegex(@"^\s*at [\w.`<>\[\],]+\(.*\)( in .+:line \d+)?\s*$", RegexOptions.Multiline)]
    private static partial Regex DotNetStackFrame();

    [GeneratedRegex(@"\bat [\w.`<>\[\],]+\([^)]*\) in \S+:line \d+")]
    private static partial Regex DotNetInlineFrame();

    [GeneratedRegex(@"\bat [\w.$]+\([\w.]+\.(java|kt|scala):\d+\)", RegexOptions.Multiline)]
    private static partial Regex JavaStackFrame();

    [GeneratedRegex(@"Traceback \(most recent call last\):|^\s*File "".+"", line \d+", RegexOptions.Multiline)]
    private static partial Regex PythonTraceback();

    [GeneratedRegex(@"\b[A-Z][A-Za-z.]*(Exception|Error): .+\r?\n\s*at ", RegexOptions.Multiline)]
    private static partial Regex ExceptionHeader();
}
