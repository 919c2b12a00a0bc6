using System.Text.RegularExpressions;
using Serilog.Core;
using Serilog.Events;

namespace AgentOps.Host.Server.Security;

/// <summary>
/// Masks secrets before any sink sees a log event: properties named like a secret (password, token, api key, secret,
/// authorization, cookie, signature, credential) become <c>***</c>, at any depth of a destructured object; in other
/// text values, <c>Bearer …</c>/<c>Basic …</c> credentials, <c>password=…</c>-style pairs (connection strings, query
/// strings), GitHub tokens and JWTs are masked. Exception messages and the literal text of message templates are not
/// rewritten: never put a secret there.
/// </summary>
public sealed partial class SecretRedactionEnricher : ILogEventEnricher
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            var redacted = Redact(name, value);
            if (!ReferenceEquals(redacted, value))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, redacted));
            }
        }
    }

    /// <summary>Masks secrets in free text (see the class remarks for what is recognised).</summary>
    public static string RedactText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = AuthorizationScheme().Replace(text, m => m.Groups["scheme"].Value + " " + Mask);
        text = SecretPair().Replace(text, m => m.Groups["key"].Value + m.Groups["sep"].Value + Mask);
        text = GitHubToken().Replace(text, Mask);
        return Jwt().Replace(text, Mask);
    }

    private static LogEventPropertyValue Redact(string name, LogEventPropertyValue value)
    {
        if (SecretName().IsMatch(name))
        {
            return new ScalarValue(Mask);
        }

        switch (value)
        {
            case ScalarValue { Value: string text }:
                var masked = RedactText(text);
                return masked == text ? value : new ScalarValue(masked);
            case StructureValue structure:
                var properties = structure.Properties.Select(p => new LogEventProperty(p.Name, Redact(p.Name, p.Value))).ToList();
                return properties.Zip(structure.Properties).All(p => ReferenceEquals(p.First.Value, p.Second.Value))
                    ? value
                    : new StructureValue(properties, structure.TypeTag);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(e => Redact(string.Empty, e)).ToList();
                return elements.Zip(sequence.Elements).All(p => ReferenceEquals(p.First, p.Second)) ? value : new SequenceValue(elements);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements
                    .Select(e => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, Redact(e.Key.Value?.ToString() ?? string.Empty, e.Value)))
                    .ToList();
                return entries.Zip(dictionary.Elements).All(p => ReferenceEquals(p.First.Value, p.Second.Value)) ? value : new DictionaryValue(entries);
            default:
                return value;
        }
    }

    [GeneratedRegex(@"(password|passwd|pwd|secret|token|api[-_]?key|authorization|cookie|signature|credential|private[-_]?key)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<scheme>\b(?:Bearer|Basic|token))\s+[A-Za-z0-9\-._~+/]+=*", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationScheme();

    [GeneratedRegex(@"(?<key>\b(?:password|passwd|pwd|secret|client_secret|token|access_token|api[-_]?key|x-api-key|authorization)\b)(?<sep>""?\s*[=:]\s*""?)[^\s""&;,]+", RegexOptions.IgnoreCase)]
    private static partial Regex SecretPair();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+")]
    private static partial Regex Jwt();
}
