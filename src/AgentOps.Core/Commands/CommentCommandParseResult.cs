namespace AgentOps.Core.Commands;

/// <summary>What <see cref="CommentCommandParser"/> found in a comment.</summary>
/// <param name="Commands">Well-formed commands, in the order written.</param>
/// <param name="Errors">One message per malformed command line, meant to be quoted back to its author.</param>
public sealed record CommentCommandParseResult(IReadOnlyList<CommentCommand> Commands, IReadOnlyList<string> Errors)
{
    /// <summary>The comment holds no command at all (plain discussion): nothing to do, nothing to reply.</summary>
    public bool IsEmpty => Commands.Count == 0 && Errors.Count == 0;
}
