namespace AgentOps.Core.Commands;

/// <summary>What a command produced: an exit code (0 ok, 1 failure, 2 usage), text for people and data for <c>--json</c>.</summary>
public sealed record CommandResult(int ExitCode, string Text, object? Data = null)
{
    public static CommandResult Ok(string text, object? data = null) => new(0, text, data);

    public static CommandResult Failure(string text) => new(1, text, new { error = text });

    public static CommandResult Usage(string text) => new(2, text, new { error = text });
}
