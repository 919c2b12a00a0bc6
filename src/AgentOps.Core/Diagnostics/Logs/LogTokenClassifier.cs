using System.Buffers;

namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Recognises variable tokens (numbers, IPs with ports, hex, UUIDs, paths, URLs, timestamps, block ids, key=value values,
/// any token with a digit) and masks them, keeping the punctuation around them: <c>[10.0.0.1]</c> becomes
/// <c>[&lt;*&gt;]</c>, <c>(uid=0)</c> becomes <c>(uid=&lt;*&gt;)</c>. Hand-written scanners rather than regular
/// expressions, so that a token costs one pass over its characters and no allocation.
/// </summary>
public static class LogTokenClassifier
{
    private static readonly SearchValues<char> Interesting = SearchValues.Create("0123456789=:/\\.~");
    private static readonly SearchValues<char> HexLetters = SearchValues.Create("abcdefABCDEF");

    /// <summary>The wildcard written in templates.</summary>
    public const string Wildcard = "<*>";

    /// <summary>Longest masked form <see cref="TryMask"/> may write: the token length plus the wildcard.</summary>
    /// <param name="tokenLength">Length of the token to mask.</param>
    public static int MaskedLength(int tokenLength) => (tokenLength + 1) * Wildcard.Length;

    /// <summary>Classifies a whole token, punctuation around it included.</summary>
    /// <param name="token">One whitespace-free token.</param>
    public static LogTokenKind Classify(ReadOnlySpan<char> token)
    {
        Split(token, out var prefix, out var suffix);
        var core = token[prefix..(token.Length - suffix)];
        return KeyLength(core) > 0 ? LogTokenKind.KeyValue : ClassifyCore(core);
    }

    /// <summary>Writes the masked form of <paramref name="token"/> into <paramref name="destination"/> when the token
    /// is variable.</summary>
    /// <param name="token">One whitespace-free token.</param>
    /// <param name="destination">At least <see cref="MaskedLength"/> characters.</param>
    /// <param name="written">Characters written; 0 when the token is a constant.</param>
    /// <returns><see langword="true"/> when the token is variable and was masked.</returns>
    public static bool TryMask(ReadOnlySpan<char> token, Span<char> destination, out int written)
    {
        written = 0;
        Split(token, out var prefix, out var suffix);
        var core = token[prefix..(token.Length - suffix)];
        if (core.IsEmpty)
        {
            return false;
        }

        // Fast path for plain words, most tokens of a log: no digit, separator or path character, not a month or day
        // name, not a long run of hex letters.
        if (!core.ContainsAny(Interesting) && core.Length != 3 && (core.Length < 8 || core.ContainsAnyExcept(HexLetters)))
        {
            return false;
        }

        // Fast path for bare integers (counts, ports, pids), many of the variable tokens: no key in front, and a
        // Number for ClassifyCore.
        if (!core.ContainsAnyExceptInRange('0', '9'))
        {
            written = WriteMasked(token, prefix, suffix, destination);
            return true;
        }

        var keep = KeyLength(core);
        if (keep > 0 && ClassifyCore(core[keep..]) == LogTokenKind.Word && !IsDotted(core[keep..]))
        {
            // user=root: a word value is left to the miner, which tells constants from variables by how they vary.
            return false;
        }

        if (keep == 0)
        {
            var kind = ClassifyCore(core);
            if (kind == LogTokenKind.Word)
            {
                return false;
            }

            if (kind == LogTokenKind.Alphanumeric)
            {
                written = MaskDigitRuns(token, destination);
                return true;
            }

            if (kind == LogTokenKind.BlockId)
            {
                keep = core.IndexOf('_') + 1;
            }
        }

        written = WriteMasked(token, prefix + keep, suffix, destination);
        return true;
    }

    /// <summary>Writes the first <paramref name="kept"/> characters of the token, the wildcard, then its last
    /// <paramref name="suffix"/> characters.</summary>
    private static int WriteMasked(ReadOnlySpan<char> token, int kept, int suffix, Span<char> destination)
    {
        token[..kept].CopyTo(destination);
        Wildcard.AsSpan().CopyTo(destination[kept..]);
        token[(token.Length - suffix)..].CopyTo(destination[(kept + Wildcard.Length)..]);
        return kept + Wildcard.Length + suffix;
    }

    /// <summary>Writes the masked form of a unit word (<c>KB</c>, <c>ms</c>, <c>bytes</c>) that follows a number, so that
    /// <c>93.0 B</c> and <c>5.2 KB</c> read the same.</summary>
    /// <param name="token">The token after a number.</param>
    /// <param name="destination">At least <see cref="MaskedLength"/> characters.</param>
    /// <param name="written">Characters written; 0 when the token is not a unit.</param>
    /// <returns><see langword="true"/> when the token is a unit and was masked.</returns>
    public static bool TryMaskUnit(ReadOnlySpan<char> token, Span<char> destination, out int written)
    {
        written = 0;
        Split(token, out var prefix, out var suffix);
        if (prefix != 0 || !IsUnit(token[..(token.Length - suffix)]))
        {
            return false;
        }

        Wildcard.AsSpan().CopyTo(destination);
        token[(token.Length - suffix)..].CopyTo(destination[Wildcard.Length..]);
        written = Wildcard.Length + suffix;
        return true;
    }

    /// <summary>Masks a token, or returns it unchanged when it is a constant.</summary>
    /// <param name="token">One whitespace-free token.</param>
    public static string Mask(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<char> buffer = token.Length <= 256 ? stackalloc char[MaskedLength(token.Length)] : new char[MaskedLength(token.Length)];
        return TryMask(token, buffer, out var written) ? new string(buffer[..written]) : token;
    }

    /// <summary>Whether the token holds a character other than the hex letters <c>a-f</c>/<c>A-F</c>.</summary>
    /// <param name="token">Any text.</param>
    internal static bool HasNonHexLetter(ReadOnlySpan<char> token) => token.ContainsAnyExcept(HexLetters);

    /// <summary>Length of "key=" or "key:" in front of a non-empty value (0 when none). A key before '=' is any
    /// text; a key before ':' must be letters only, so that times and IPv6 addresses stay whole.</summary>
    private static int KeyLength(ReadOnlySpan<char> core)
    {
        var colon = core.IndexOf(':');
        if (colon >= 0 && core[colon..].StartsWith("://", StringComparison.Ordinal))
        {
            return 0;
        }

        var eq = core.IndexOf('=');
        if (eq > 0 && eq < core.Length - 1)
        {
            return eq + 1;
        }

        if (colon > 0 && colon < core.Length - 1 && !core[..colon].ContainsAnyExceptInRange('a', 'z') && core[(colon + 1)..].ContainsAnyInRange('0', '9'))
        {
            return colon + 1;
        }

        return 0;
    }

    /// <summary>Replaces each run of digits (with a sign after a non-alphanumeric) by the wildcard, so that
    /// <c>core.2275</c> becomes <c>core.&lt;*&gt;</c> and <c>R02-M1</c> becomes <c>R&lt;*&gt;-M&lt;*&gt;</c>.</summary>
    private static int MaskDigitRuns(ReadOnlySpan<char> token, Span<char> destination)
    {
        var written = 0;
        var i = 0;
        while (i < token.Length)
        {
            var c = token[i];
            var signed = c == '-' && i + 1 < token.Length && char.IsAsciiDigit(token[i + 1]) && (i == 0 || !char.IsAsciiLetterOrDigit(token[i - 1]));
            if (char.IsAsciiDigit(c) || signed)
            {
                i++;
                while (i < token.Length && char.IsAsciiDigit(token[i]))
                {
                    i++;
                }

                Wildcard.AsSpan().CopyTo(destination[written..]);
                written += Wildcard.Length;
                continue;
            }

            destination[written++] = c;
            i++;
        }

        return written;
    }

    private static void Split(ReadOnlySpan<char> token, out int prefix, out int suffix)
    {
        prefix = 0;
        while (prefix < token.Length && token[prefix] is '[' or '(' or '{' or '<' or '\'' or '"' or '`')
        {
            prefix++;
        }

        suffix = 0;
        while (suffix < token.Length - prefix && token[token.Length - 1 - suffix] is ']' or ')' or '}' or '>' or '\'' or '"' or '`' or ',' or ';' or ':' or '.' or '!' or '?')
        {
            suffix++;
        }
    }

    private static LogTokenKind ClassifyCore(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return LogTokenKind.Word;
        }

        var digits = 0;
        var hexLetters = 0;
        var others = 0;
        var dots = 0;
        var colons = 0;
        var dashes = 0;
        var slashes = 0;
        var underscores = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (char.IsAsciiHexDigit(c))
            {
                hexLetters++;
            }
            else
            {
                switch (c)
                {
                    case '.': dots++; break;
                    case ':': colons++; break;
                    case '-': dashes++; break;
                    case '/' or '\\': slashes++; break;
                    case '_': underscores++; break;
                    default: others++; break;
                }
            }
        }

        if (colons > 0 && s.Contains("://", StringComparison.Ordinal))
        {
            return LogTokenKind.Url;
        }

        if (slashes > 0 && s.Length > 1 && (s[0] is '/' or '\\' || (s[0] == '~' && s.Length > 1 && s[1] == '/')
            || (s.Length > 2 && char.IsAsciiLetter(s[0]) && s[1] == ':' && s[2] is '\\' or '/')))
        {
            return LogTokenKind.Path;
        }

        if (dots >= 2 && s.Length >= 8 && s[0] != '.' && others + hexLetters > 0 && !s.Contains("..", StringComparison.Ordinal))
        {
            return LogTokenKind.QualifiedName;
        }

        if (digits == 0)
        {
            if (s.Length == 3 && IsMonthOrDayName(s))
            {
                return LogTokenKind.Timestamp;
            }

            return (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X') || (s.Length >= 8 && hexLetters == s.Length)
                ? LogTokenKind.Hex
                : LogTokenKind.Word;
        }

        var len = s.Length;
        if (len == 36 && dashes == 4 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' && digits + hexLetters == 32)
        {
            return LogTokenKind.Uuid;
        }

        if (digits + dots + dashes == len && IsNumber(s))
        {
            return LogTokenKind.Number;
        }

        if (dots == 3 && digits + dots + colons == len && colons <= 1 && IsIpv4(s))
        {
            return LogTokenKind.Ip;
        }

        if (colons >= 2 && digits + hexLetters + colons + dots == len && !s.Contains(":::", StringComparison.Ordinal) && IsIpv6Shape(s))
        {
            return colons == 2 && hexLetters == 0 ? LogTokenKind.Timestamp : LogTokenKind.Ip;
        }

        if (len > 2 && s[0] == '0' && s[1] is 'x' or 'X' && digits + hexLetters == len - 1)
        {
            return LogTokenKind.Hex;
        }

        if (len >= 8 && digits + hexLetters == len)
        {
            return LogTokenKind.Hex;
        }

        if (digits + dots + colons + dashes + slashes + (s[^1] is 'Z' or 'z' ? 1 : 0) + CountChar(s, 'T') + CountChar(s, ',') == len)
        {
            return LogTokenKind.Timestamp;
        }

        var underscore = s.IndexOf('_');
        if (underscore > 0 && underscores == 1 && underscore + 1 < len && IsNumber(s[(underscore + 1)..]))
        {
            return LogTokenKind.BlockId;
        }

        return LogTokenKind.Alphanumeric;
    }

    /// <summary>host.domain, a.b: dotted values are names of things, hence variables.</summary>
    private static bool IsDotted(ReadOnlySpan<char> value)
    {
        var dot = value.IndexOf('.');
        return dot > 0 && dot < value.Length - 1;
    }

    private static bool IsUnit(ReadOnlySpan<char> s) => s is "B" or "KB" or "MB" or "GB" or "TB" or "PB" or "KiB" or "MiB" or "GiB"
        or "TiB" or "kB" or "bytes" or "ms" or "us" or "µs" or "ns" or "s" or "sec" or "secs" or "seconds" or "min" or "mins"
        or "minutes" or "h" or "hours" or "%";

    private static bool IsMonthOrDayName(ReadOnlySpan<char> s) => s is "Jan" or "Feb" or "Mar" or "Apr" or "May" or "Jun" or "Jul"
        or "Aug" or "Sep" or "Oct" or "Nov" or "Dec" or "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun";

    private static int CountChar(ReadOnlySpan<char> s, char c) => s.Count(c);

    private static bool IsNumber(ReadOnlySpan<char> s)
    {
        var i = s[0] is '-' or '+' ? 1 : 0;
        var seenDigit = false;
        var seenDot = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                seenDigit = true;
            }
            else if (c == '.' && !seenDot && seenDigit)
            {
                seenDot = true;
            }
            else
            {
                return false;
            }
        }

        return seenDigit && s[^1] != '.';
    }

    private static bool IsIpv4(ReadOnlySpan<char> s)
    {
        var colon = s.IndexOf(':');
        var address = colon >= 0 ? s[..colon] : s;
        if (colon >= 0 && (colon == s.Length - 1 || !IsNumber(s[(colon + 1)..])))
        {
            return false;
        }

        var groups = 0;
        foreach (var part in address.Split('.'))
        {
            var g = address[part];
            if (g.Length is 0 or > 3)
            {
                return false;
            }

            groups++;
        }

        return groups == 4;
    }

    private static bool IsIpv6Shape(ReadOnlySpan<char> s)
    {
        foreach (var part in s.Split(':'))
        {
            if (s[part].Length > 4 && !s[part].Contains('.'))
            {
                return false;
            }
        }

        return true;
    }
}
