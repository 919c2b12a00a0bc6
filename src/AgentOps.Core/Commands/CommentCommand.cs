namespace AgentOps.Core.Commands;

/// <summary>One command read from a GitHub comment.</summary>
/// <param name="Verb">What is asked.</param>
/// <param name="Argument">The state word, login (without <c>@</c>), communication id or priority; <see langword="null"/> for verbs without one.</param>
/// <param name="Reason">Free text after the argument, recorded on the timeline; <see langword="null"/> when absent.</param>
/// <param name="Text">The command line as written, for replies.</param>
public sealed record CommentCommand(CommentCommandVerb Verb, string? Argument, string? Reason, string Text);
