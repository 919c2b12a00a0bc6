using System.Text.RegularExpressions;

namespace AgentOps.Core.Diagnostics;

/// <summary>A log message that proves a finding by itself, e.g. PostgreSQL's <c>deadlock detected</c>.</summary>
/// <param name="Category">The finding category it proves.</param>
/// <param name="Pattern">The message, as a .NET regular expression (case-insensitive).</param>
/// <param name="Claim">The claim; <c>{0}</c> is the number of lines, <c>{1}</c> the first time (or empty).</param>
internal sealed record LogSignature(string Category, string Pattern, string Claim)
{
    /// <summary>The compiled pattern.</summary>
    public Regex Regex { get; } = new(Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
