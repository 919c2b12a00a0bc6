namespace AgentOps.Core.Commands;

/// <summary>A command after parsing, whatever transport it came from.</summary>
/// <param name="Spec">The verb.</param>
/// <param name="Arguments">Positional arguments (a free-text argument is joined into one).</param>
/// <param name="Options">Option values by name (without dashes).</param>
/// <param name="Json">Whether <c>--json</c> was given.</param>
public sealed record ParsedCommand(CommandSpec Spec, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Options, bool Json)
{
    /// <summary>The verb name.</summary>
    public string Verb => Spec.Name;

    /// <summary>Positional argument <paramref name="index"/>, or <see langword="null"/>.</summary>
    public string? Argument(int index) => index < Arguments.Count ? Arguments[index] : null;

    /// <summary>Option <paramref name="name"/>, or <see langword="null"/>.</summary>
    public string? Option(string name) => Options.TryGetValue(name, out var value) ? value : null;
}
