namespace AgentOps.Core.Commands;

/// <summary>One verb of the command grammar shared by the CLI, chat and GitHub comments.</summary>
/// <param name="Name">The verb, e.g. <c>issue-start</c>.</param>
/// <param name="Summary">One line for help.</param>
/// <param name="Arguments">Positional argument names; a trailing <c>...</c> takes the rest of the words.</param>
/// <param name="RequiredArguments">How many positional arguments are required.</param>
public sealed record CommandSpec(string Name, string Summary, IReadOnlyList<string> Arguments, int RequiredArguments)
{
    /// <summary>Options taking a value (<c>--reason "text"</c>), name without dashes → description.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the verb only reads (it then accepts <c>--json</c>).</summary>
    public bool IsRead { get; init; }

    /// <summary>Whether the last argument takes all remaining words (free text such as a search query).</summary>
    public bool TakesRest => Arguments.Count > 0 && Arguments[^1].EndsWith("...", StringComparison.Ordinal);

    /// <summary>Usage line, e.g. <c>pm issue-start &lt;track&gt; [--incident &lt;id&gt;]</c>.</summary>
    public string Usage =>
        string.Join(' ', new[] { "pm", Name }
            .Concat(Arguments.Select((a, i) => i < RequiredArguments ? $"<{a}>" : $"[{a}]"))
            .Concat(Options.Keys.Select(o => $"[--{o} <value>]"))
            .Concat(IsRead ? ["[--json]"] : []));
}
