using System.Text;

namespace AgentOps.Core.Orchestration;

/// <summary>Conversions between enum names and the kebab-case words users type.</summary>
public static class CommandWords
{
    /// <summary><c>ForceResolve</c> → <c>force-resolve</c>.</summary>
    public static string ToKebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>Parses <c>force-resolve</c>, <c>ForceResolve</c> or <c>force_resolve</c> into an enum value.</summary>
    public static bool TryParse<TEnum>(string word, out TEnum value)
        where TEnum : struct, Enum
    {
        var compact = word.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value);
    }
}
