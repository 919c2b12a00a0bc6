using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace AgentOps.Host.Server.Dashboard;

/// <summary>
/// Markup that is already safe to write as is. The only ways to get one are <see cref="Html.Format"/> (which encodes
/// every interpolated value), <see cref="Encode"/>, and the renderers of this folder: text from the store never
/// reaches a page unencoded.
/// </summary>
public readonly record struct HtmlFragment
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    internal HtmlFragment(string value) => Value = value;

    /// <summary>The markup.</summary>
    public string Value { get; } = string.Empty;

    /// <summary>An empty fragment.</summary>
    public static HtmlFragment Empty { get; } = new(string.Empty);

    /// <summary>HTML-encodes <paramref name="text"/> (<c>&lt; &gt; &amp; " '</c> and control characters); accented letters stay readable.</summary>
    public static HtmlFragment Encode(string? text) => new(text is null ? string.Empty : Encoder.Encode(text));

    /// <summary>Joins fragments.</summary>
    public static HtmlFragment Join(IEnumerable<HtmlFragment> fragments) => new(string.Concat(fragments.Select(f => f.Value)));

    /// <inheritdoc />
    public override string ToString() => Value;
}
