namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>
/// Finds the timestamp, the level and the start of the message in a raw log line, without any per-file
/// configuration. Recognised timestamps: ISO-8601 (<c>2015-10-18 18:01:47,978</c>, <c>2024-01-02T03:04:05.6Z</c>),
/// syslog (<c>Jun 14 15:16:01</c>), log4j (<c>17/06/09 20:10:40</c>), ctime/Apache (<c>[Sun Dec 04 04:47:44 2005]</c>),
/// common log format (<c>[10/Oct/2000:13:55:36 -0700]</c>), HDFS (<c>081109 203615</c>), BGL
/// (<c>2005-06-03-15.42.50.675872</c>), Android (<c>03-17 16:13:38.811</c>), epoch seconds or milliseconds and bare dates.
/// Levels: TRACE, DEBUG, INFO, NOTICE, WARN(ING), ERROR, FATAL, CRITICAL, SEVERE, ALERT, EMERG, PANIC, FAILURE in upper
/// case, capitalised, or in brackets (<c>[error]</c>). After the level, a thread in brackets and a dotted logger name
/// ending in <c>:</c> are skipped; after a syslog timestamp, the host and the <c>tag[pid]:</c> are skipped.
/// </summary>
public static class LogHeaderParser
{
    private const int MaxHeaderTokens = 14;
    private const int LevelWindowAfterTimestamp = 5;
    private const int LevelWindowWithoutTimestamp = 2;

    private static readonly (string Word, LogSeverity Severity)[] LevelWords =
    [
        ("TRACE", LogSeverity.Trace), ("FINEST", LogSeverity.Trace), ("FINER", LogSeverity.Trace),
        ("DEBUG", LogSeverity.Debug), ("DBG", LogSeverity.Debug), ("FINE", LogSeverity.Debug),
        ("INFO", LogSeverity.Info), ("INFORMATION", LogSeverity.Info),
        ("NOTICE", LogSeverity.Notice),
        ("WARN", LogSeverity.Warning), ("WARNING", LogSeverity.Warning),
        ("ERROR", LogSeverity.Error), ("ERR", LogSeverity.Error),
        ("FATAL", LogSeverity.Fatal), ("CRITICAL", LogSeverity.Fatal), ("CRIT", LogSeverity.Fatal), ("SEVERE", LogSeverity.Fatal),
        ("ALERT", LogSeverity.Fatal), ("EMERG", LogSeverity.Fatal), ("PANIC", LogSeverity.Fatal), ("FAILURE", LogSeverity.Fatal),
    ];

    private enum StampStyle
    {
        None,
        Plain,
        Syslog,
    }

    /// <summary>Parses the header of <paramref name="line"/>. Never throws; an unrecognised header yields
    /// <c>ContentStart</c> at the first non-blank character.</summary>
    /// <param name="line">One raw log line, without its line terminator.</param>
    /// <param name="defaultYear">Year used for formats that carry none (syslog, Android).</param>
    public static LogLineHeader Parse(ReadOnlySpan<char> line, int defaultYear)
    {
        Span<int> starts = stackalloc int[MaxHeaderTokens];
        Span<int> ends = stackalloc int[MaxHeaderTokens];
        var tokens = new HeaderTokens(line, [], starts, ends);
        return Parse(ref tokens, defaultYear);
    }

    /// <summary><see cref="Parse(ReadOnlySpan{char}, int)"/> over the white-space bits of the line already computed
    /// (<see cref="LogLineMasks"/>), so that the miner scans each line once.</summary>
    internal static LogLineHeader Parse(ReadOnlySpan<char> line, int defaultYear, ReadOnlySpan<ulong> blank)
    {
        Span<int> starts = stackalloc int[MaxHeaderTokens];
        Span<int> ends = stackalloc int[MaxHeaderTokens];
        var tokens = new HeaderTokens(line, blank, starts, ends);
        return Parse(ref tokens, defaultYear);
    }

    private static LogLineHeader Parse(ref HeaderTokens tokens, int defaultYear)
    {
        var line = tokens.Line;
        if (!tokens.Has(0))
        {
            return new LogLineHeader(null, LogSeverity.Unknown, line.Length);
        }

        DateTimeOffset? timestamp = null;
        var stampEnd = -1;
        var style = StampStyle.None;
        for (var pass = 0; pass < 2 && timestamp is null; pass++)
        {
            for (var i = 0; i < 8 && tokens.Has(i); i++)
            {
                if (TryTimestamp(ref tokens, i, pass == 1, defaultYear, out var ts, out var used, out var syslog))
                {
                    timestamp = ts;
                    stampEnd = i + used;
                    style = syslog ? StampStyle.Syslog : StampStyle.Plain;
                    break;
                }
            }
        }

        var levelFrom = stampEnd < 0 ? 0 : stampEnd;
        var levelTo = stampEnd < 0 ? LevelWindowWithoutTimestamp : stampEnd + LevelWindowAfterTimestamp;
        var severity = LogSeverity.Unknown;
        var levelIndex = -1;
        for (var i = levelFrom; i <= levelTo && tokens.Has(i); i++)
        {
            severity = ParseLevel(tokens.Token(i));
            if (severity != LogSeverity.Unknown)
            {
                levelIndex = i;
                break;
            }
        }

        int content;
        if (levelIndex >= 0)
        {
            content = SkipAfterLevel(ref tokens, tokens.End(levelIndex));
        }
        else if (stampEnd >= 0)
        {
            content = SkipAfterTimestamp(ref tokens, stampEnd, style);
        }
        else
        {
            content = tokens.Start(0);
        }

        return new LogLineHeader(timestamp, severity, content);
    }

    /// <summary>Maps a level word (<c>INFO</c>, <c>Warning</c>, <c>[error]</c>, <c>ERROR:</c>) to a severity.</summary>
    /// <param name="token">One whitespace-free token.</param>
    /// <returns>The severity, or <see cref="LogSeverity.Unknown"/> when the token is not a level word.</returns>
    public static LogSeverity ParseLevel(ReadOnlySpan<char> token)
    {
        var bracketed = false;
        if (token.Length >= 3 && token[0] == '[' && token[^1] == ']')
        {
            token = token[1..^1];
            bracketed = true;
        }
        else if (token.Length >= 2 && token[^1] == ':')
        {
            token = token[..^1];
        }

        // Every level word starts with one of these letters: most header tokens are rejected here.
        if (token.Length is < 3 or > 11 || (token[0] | 0x20) is not ('t' or 'f' or 'd' or 'i' or 'n' or 'w' or 'e' or 'c' or 's' or 'a' or 'p'))
        {
            return LogSeverity.Unknown;
        }

        // Without brackets a level word is in upper case or capitalised: a lower-case first letter settles it.
        if (!bracketed && char.IsAsciiLetterLower(token[0]))
        {
            return LogSeverity.Unknown;
        }

        var allUpper = true;
        var capitalised = char.IsAsciiLetterUpper(token[0]);
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (!char.IsAsciiLetter(c))
            {
                return LogSeverity.Unknown;
            }

            if (char.IsAsciiLetterLower(c))
            {
                allUpper = false;
            }
            else if (i > 0)
            {
                capitalised = false;
            }
        }

        if (!allUpper && !capitalised && !bracketed)
        {
            return LogSeverity.Unknown;
        }

        // The token is ASCII letters only: ignoring case here is upper-casing it.
        foreach (var (word, severity) in LevelWords)
        {
            if (word.Length == token.Length && token.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return severity;
            }
        }

        return LogSeverity.Unknown;
    }

    private static int SkipAfterLevel(ref HeaderTokens tokens, int position)
    {
        // Separators and a thread in brackets ("[main]", "[IPC Server handler 3 on 80]") before the logger name.
        const int MaxThreadLength = 400;
        var line = tokens.Line;
        while (true)
        {
            position = tokens.SkipBlanks(position);
            if (position >= line.Length)
            {
                return line.Length;
            }

            var end = tokens.TokenEnd(position);
            var token = line[position..end];
            if (token is "-" or ":" or "|")
            {
                position = end;
                continue;
            }

            if (token[0] == '[')
            {
                var close = MatchingBracket(line, position, MaxThreadLength);
                if (close > 0 && (close + 1 == line.Length || LogChars.IsBlank(line[close + 1])))
                {
                    position = close + 1;
                    continue;
                }
            }

            // A dotted logger name ("dfs.DataNode$PacketResponder:", "org.apache.Foo:") is not part of the message.
            if (token.Length > 2 && token[^1] == ':' && token.Contains('.') && !token.Contains('/'))
            {
                return tokens.SkipBlanks(end);
            }

            return position;
        }
    }

    private static int MatchingBracket(ReadOnlySpan<char> line, int open, int maxLength)
    {
        var depth = 0;
        var limit = Math.Min(line.Length, open + maxLength);
        for (var i = open; i < limit; i++)
        {
            if (line[i] == '[')
            {
                depth++;
            }
            else if (line[i] == ']' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static int SkipAfterTimestamp(ref HeaderTokens tokens, int i, StampStyle style)
    {
        if (!tokens.Has(i))
        {
            return StartOf(ref tokens, i);
        }

        var line = tokens.Line;
        if (style == StampStyle.Syslog)
        {
            // RFC 3164: TIMESTAMP HOST TAG: MSG
            if (tokens.Has(i + 1) && line[tokens.End(i + 1) - 1] == ':')
            {
                return StartOf(ref tokens, i + 2);
            }

            if (line[tokens.End(i) - 1] == ':')
            {
                return StartOf(ref tokens, i + 1);
            }

            return tokens.Start(i);
        }

        var token = tokens.Token(i);
        if (token is "-" or "|")
        {
            return StartOf(ref tokens, i + 1);
        }

        if (token.Length > 3 && token[^1] == ':' && token[^2] == ']' && token.Contains('['))
        {
            return StartOf(ref tokens, i + 1);
        }

        return tokens.Start(i);
    }

    private static int StartOf(ref HeaderTokens tokens, int i)
    {
        if (tokens.Has(i))
        {
            return tokens.Start(i);
        }

        // Past the tokens read: the end of the line, or the end of the last token when the header window was full.
        return tokens.Has(MaxHeaderTokens - 1) ? tokens.End(MaxHeaderTokens - 1) : tokens.Line.Length;
    }

    private static bool TryTimestamp(
        ref HeaderTokens tokens, int i, bool loose, int defaultYear, out DateTimeOffset timestamp, out int used, out bool syslog)
    {
        timestamp = default;
        used = 0;
        syslog = false;
        var token = tokens.Token(i);
        var next = tokens.Has(i + 1) ? tokens.Token(i + 1) : [];
        if (token.Length < 3)
        {
            return false;
        }

        if (loose)
        {
            return TryLoose(token, out timestamp, out used);
        }

        var c0 = token[0];
        if (char.IsAsciiDigit(c0))
        {
            return TryNumericDate(token, next, defaultYear, out timestamp, out used);
        }

        if (c0 == '[')
        {
            if (TryCommonLogFormat(token, next, out timestamp))
            {
                used = 2;
                return true;
            }

            if (char.IsAsciiDigit(token[1]))
            {
                var inner = token[1..];
                var innerNext = next.Length > 0 && next[^1] == ']' ? next[..^1] : next;
                if (TryNumericDate(inner.Length > 0 && inner[^1] == ']' ? inner[..^1] : inner, innerNext, defaultYear, out timestamp, out used))
                {
                    return true;
                }
            }

            token = token[1..];
        }

        return TryNamedDate(ref tokens, i, token, defaultYear, out timestamp, out used, out syslog);
    }

    private static bool TryNumericDate(ReadOnlySpan<char> token, ReadOnlySpan<char> next, int defaultYear, out DateTimeOffset timestamp, out int used)
    {
        timestamp = default;
        used = 0;
        token = TrimTrailing(token);
        next = TrimTrailing(next);

        // yyyy-MM-dd / yyyy/MM/dd / yyyy.MM.dd, optionally with 'T'time, '-'HH.mm.ss (BGL) or followed by a time token.
        if (token.Length >= 10 && IsSep(token[4]) && token[7] == token[4]
            && Num(token, 0, 4, out var year) && Num(token, 5, 2, out var month) && Num(token, 8, 2, out var day))
        {
            if (token.Length == 10)
            {
                if (TryTime(next, 0, ':', out var time, out var rest) && rest == next.Length)
                {
                    used = 2;
                    return Make(year, month, day, time, TimeSpan.Zero, out timestamp);
                }

                return false;
            }

            var sep = token[10];
            if (sep == 'T' && TryTime(token, 11, ':', out var t2, out var end2) && TryZone(token[end2..], out var offset))
            {
                used = 1;
                return Make(year, month, day, t2, offset, out timestamp);
            }

            if (sep == '-' && TryTime(token, 11, '.', out var t3, out var end3) && end3 == token.Length)
            {
                used = 1;
                return Make(year, month, day, t3, TimeSpan.Zero, out timestamp);
            }

            return false;
        }

        // yy/MM/dd HH:mm:ss (log4j default pattern)
        if (token.Length == 8 && token[2] == '/' && token[5] == '/'
            && Num(token, 0, 2, out var yy) && Num(token, 3, 2, out var mo) && Num(token, 6, 2, out var dd)
            && TryTime(next, 0, ':', out var t4, out var e4) && e4 == next.Length)
        {
            used = 2;
            return Make(2000 + yy, mo, dd, t4, TimeSpan.Zero, out timestamp);
        }

        // yyMMdd HHmmss (HDFS)
        if (token.Length == 6 && next.Length == 6 && Num(token, 0, 2, out var y6) && Num(token, 2, 2, out var m6)
            && Num(token, 4, 2, out var d6) && Num(next, 0, 2, out var h6) && Num(next, 2, 2, out var mi6) && Num(next, 4, 2, out var s6)
            && h6 < 24 && mi6 < 60 && s6 < 60)
        {
            used = 2;
            return Make(2000 + y6, m6, d6, new TimeSpan(h6, mi6, s6), TimeSpan.Zero, out timestamp);
        }

        // MM-dd HH:mm:ss.fff (Android logcat)
        if (token.Length == 5 && token[2] == '-' && Num(token, 0, 2, out var am) && Num(token, 3, 2, out var ad)
            && TryTime(next, 0, ':', out var t5, out var e5) && e5 == next.Length)
        {
            used = 2;
            return Make(defaultYear, am, ad, t5, TimeSpan.Zero, out timestamp);
        }

        return false;
    }

    private static bool TryNamedDate(
        ref HeaderTokens tokens, int i, ReadOnlySpan<char> token, int defaultYear, out DateTimeOffset timestamp, out int used, out bool syslog)
    {
        timestamp = default;
        used = 0;
        syslog = false;
        if (token.Length != 3 || !tokens.Has(i + 2))
        {
            return false;
        }

        var month = MonthOf(token);
        var t1 = tokens.Token(i + 1);
        var t2 = tokens.Token(i + 2);
        if (month > 0)
        {
            // Mon dd HH:mm:ss (syslog)
            if (t1.Length <= 2 && Num(t1, 0, t1.Length, out var day) && TryTime(t2, 0, ':', out var time, out var end) && end == t2.Length)
            {
                used = 3;
                syslog = true;
                return Make(defaultYear, month, day, time, TimeSpan.Zero, out timestamp);
            }

            return false;
        }

        // Day Mon dd HH:mm:ss yyyy (ctime, Apache error log)
        if (!IsDayName(token) || !tokens.Has(i + 4))
        {
            return false;
        }

        var t3 = tokens.Token(i + 3);
        var t4 = TrimTrailing(tokens.Token(i + 4));
        var m = MonthOf(t1);
        if (m > 0 && t2.Length <= 2 && Num(t2, 0, t2.Length, out var d) && TryTime(t3, 0, ':', out var tt, out var te) && te == t3.Length
            && t4.Length == 4 && Num(t4, 0, 4, out var y))
        {
            used = 5;
            return Make(y, m, d, tt, TimeSpan.Zero, out timestamp);
        }

        return false;
    }

    private static bool TryCommonLogFormat(ReadOnlySpan<char> token, ReadOnlySpan<char> next, out DateTimeOffset timestamp)
    {
        // [10/Oct/2000:13:55:36 -0700]
        timestamp = default;
        if (token.Length != 21 || token[3] != '/' || token[7] != '/' || token[12] != ':')
        {
            return false;
        }

        var month = MonthOf(token.Slice(4, 3));
        if (month == 0 || !Num(token, 1, 2, out var day) || !Num(token, 8, 4, out var year) || !TryTime(token, 13, ':', out var time, out _))
        {
            return false;
        }

        var zone = next.Length > 0 && next[^1] == ']' ? next[..^1] : next;
        if (!TryZone(zone, out var offset))
        {
            return false;
        }

        return Make(year, month, day, time, offset, out timestamp);
    }

    private static bool TryLoose(ReadOnlySpan<char> token, out DateTimeOffset timestamp, out int used)
    {
        timestamp = default;
        used = 1;
        token = TrimTrailing(token.Length > 0 && token[0] == '[' ? token[1..] : token);
        if ((token.Length == 10 || token.Length == 13) && token[0] == '1' && Num(token, 0, token.Length, out _))
        {
            var value = long.Parse(token, provider: System.Globalization.CultureInfo.InvariantCulture);
            timestamp = token.Length == 10 ? DateTimeOffset.FromUnixTimeSeconds(value) : DateTimeOffset.FromUnixTimeMilliseconds(value);
            return true;
        }

        if (token.Length == 10 && IsSep(token[4]) && token[7] == token[4]
            && Num(token, 0, 4, out var y) && Num(token, 5, 2, out var m) && Num(token, 8, 2, out var d))
        {
            return Make(y, m, d, TimeSpan.Zero, TimeSpan.Zero, out timestamp);
        }

        return false;
    }

    private static bool TryTime(ReadOnlySpan<char> s, int at, char sep, out TimeSpan time, out int end)
    {
        time = default;
        end = at;
        if (s.Length < at + 8 || s[at + 2] != sep || s[at + 5] != sep
            || !Num(s, at, 2, out var h) || !Num(s, at + 3, 2, out var m) || !Num(s, at + 6, 2, out var sec)
            || h > 23 || m > 59 || sec > 60)
        {
            return false;
        }

        end = at + 8;
        long fractionTicks = 0;
        if (end < s.Length && (s[end] == '.' || s[end] == ',') && end + 1 < s.Length && char.IsAsciiDigit(s[end + 1]))
        {
            end++;
            var scale = TimeSpan.TicksPerSecond;
            while (end < s.Length && char.IsAsciiDigit(s[end]))
            {
                scale /= 10;
                fractionTicks += (s[end] - '0') * scale;
                end++;
            }
        }

        time = new TimeSpan(0, h, m, Math.Min(sec, 59)) + TimeSpan.FromTicks(fractionTicks);
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.IsEmpty || s is "Z" || s is "z")
        {
            return true;
        }

        if ((s[0] != '+' && s[0] != '-') || s.Length < 5)
        {
            return false;
        }

        var colon = s.Length == 6 && s[3] == ':';
        if (!Num(s, 1, 2, out var h) || !Num(s, colon ? 4 : 3, 2, out var m) || (s.Length != 5 && !colon) || h > 14 || m > 59)
        {
            return false;
        }

        offset = new TimeSpan(h, m, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool Make(int year, int month, int day, TimeSpan time, TimeSpan offset, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        timestamp = new DateTimeOffset(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified) + time, offset);
        return true;
    }

    private static ReadOnlySpan<char> TrimTrailing(ReadOnlySpan<char> s)
    {
        while (s.Length > 0 && s[^1] is ',' or ']' or ':' or ';')
        {
            s = s[..^1];
        }

        return s;
    }

    private static bool IsSep(char c) => c is '-' or '/' or '.';

    private static bool Num(ReadOnlySpan<char> s, int at, int length, out int value)
    {
        value = 0;
        if (length <= 0 || at + length > s.Length)
        {
            return false;
        }

        for (var i = at; i < at + length; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = unchecked((value * 10) + (c - '0'));
        }

        return true;
    }

    private static int MonthOf(ReadOnlySpan<char> s) => s switch
    {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => 0,
    };

    private static bool IsDayName(ReadOnlySpan<char> s) => s is "Mon" or "Tue" or "Wed" or "Thu" or "Fri" or "Sat" or "Sun";

    /// <summary>The first <see cref="MaxHeaderTokens"/> white-space separated tokens of a line, found only as far as
    /// the parser asks (<see cref="Has"/>): most headers are decided within the first five tokens. Tokens are found by
    /// bit scans over the line's white-space mask when there is one, else character by character.</summary>
    private ref struct HeaderTokens(ReadOnlySpan<char> line, ReadOnlySpan<ulong> blank, Span<int> starts, Span<int> ends)
    {
        private readonly ReadOnlySpan<char> _line = line;
        private readonly ReadOnlySpan<ulong> _blank = blank;
        private readonly Span<int> _starts = starts;
        private readonly Span<int> _ends = ends;
        private int _count;
        private int _position;
        private bool _done;

        public readonly ReadOnlySpan<char> Line => _line;

        /// <summary>Whether token <paramref name="i"/> exists among the first <see cref="MaxHeaderTokens"/>; reads up to
        /// it. Call before <see cref="Start"/>, <see cref="End"/> or <see cref="Token"/>.</summary>
        public bool Has(int i)
        {
            while (i >= _count && !_done)
            {
                ReadNext();
            }

            return i < _count;
        }

        public readonly int Start(int i) => _starts[i];

        public readonly int End(int i) => _ends[i];

        public readonly ReadOnlySpan<char> Token(int i) => _line[_starts[i].._ends[i]];

        /// <summary>First non-blank position at or after <paramref name="position"/> (the line length when none).</summary>
        public readonly int SkipBlanks(int position)
        {
            if (!_blank.IsEmpty)
            {
                return LogLineMasks.NextClear(_blank, position, _line.Length);
            }

            while (position < _line.Length && LogChars.IsBlank(_line[position]))
            {
                position++;
            }

            return position;
        }

        /// <summary>First blank position at or after <paramref name="position"/> (the line length when none).</summary>
        public readonly int TokenEnd(int position)
        {
            if (!_blank.IsEmpty)
            {
                return LogLineMasks.NextSet(_blank, position, _line.Length);
            }

            while (position < _line.Length && !LogChars.IsBlank(_line[position]))
            {
                position++;
            }

            return position;
        }

        private void ReadNext()
        {
            var start = _count == MaxHeaderTokens ? _line.Length : SkipBlanks(_position);
            if (start >= _line.Length)
            {
                _done = true;
                return;
            }

            _starts[_count] = start;
            _position = TokenEnd(start);
            _ends[_count++] = _position;
        }
    }
}
