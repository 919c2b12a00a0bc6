using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// Builds markup from an interpolated string: literal parts are written as they are, every hole is HTML-encoded
/// unless it is an <see cref="HtmlFragment"/>. Formatting is culture-invariant.
/// </summary>
[InterpolatedStringHandler]
public ref struct HtmlInterpolatedStringHandler
{
    private readonly StringBuilder _builder;

    public HtmlInterpolatedStringHandler(int literalLength, int formattedCount)
    {
        _builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public readonly void AppendLiteral(string value) => _builder.Append(value);

    public readonly void AppendFormatted(HtmlFragment value) => _builder.Append(value.Value);

    public readonly void AppendFormatted(IEnumerable<HtmlFragment> values)
    {
        foreach (var value in values)
        {
            _builder.Append(value.Value);
        }
    }

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format)
    {
        var text = value is IFormattable formattable
            ? formattable.ToString(format, CultureInfo.InvariantCulture)
            : value?.ToString();
        _builder.Append(HtmlFragment.Encode(text).Value);
    }

    /// <summary>The markup built.</summary>
    public readonly HtmlFragment ToFragment() => new(_builder.ToString());
}
