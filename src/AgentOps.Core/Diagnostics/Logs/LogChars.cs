namespace AgentOps.Core.Diagnostics.Logs;

/// <summary>Character classes of the log scanners, looked up in a table for ASCII (one load instead of
/// <see cref="char.IsWhiteSpace(char)"/>'s range checks on every character of every line).</summary>
internal static class LogChars
{
    /// <summary>A character that is neither blank nor one that can make a token variable.</summary>
    public const byte Plain = 0;

    /// <summary>A digit or one of <c>=:/\.~</c>: the characters <see cref="LogTokenClassifier"/> looks for.</summary>
    public const byte Variable = 1;

    /// <summary>White space as <see cref="char.IsWhiteSpace(char)"/> defines it.</summary>
    public const byte Blank = 2;

    /// <summary>Class of each ASCII character.</summary>
    public static readonly byte[] Ascii = Build();

    /// <summary>Class of any character.</summary>
    public static byte Of(char c) => c < 128 ? Ascii[c] : char.IsWhiteSpace(c) ? Blank : Plain;

    /// <summary>Whether <paramref name="c"/> is white space (<see cref="char.IsWhiteSpace(char)"/>).</summary>
    public static bool IsBlank(char c) => c < 128 ? Ascii[c] == Blank : char.IsWhiteSpace(c);

    private static byte[] Build()
    {
        var classes = new byte[128];
        for (var c = 0; c < classes.Length; c++)
        {
            classes[c] = char.IsWhiteSpace((char)c) ? Blank : "0123456789=:/\\.~".Contains((char)c, StringComparison.Ordinal) ? Variable : Plain;
        }

        return classes;
    }
}
