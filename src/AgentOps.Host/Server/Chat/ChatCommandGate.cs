using AgentOps.Core.Commands;
using AgentOps.Infrastructure.Chat;

namespace AgentOps.Host.Server.Chat;

/// <summary>
/// What every chat transport does before running a command: parse it with the shared <see cref="CommandParser"/> and check
/// the user's role. A command that cannot run gets a reply saying why (with the command list for an unknown verb) and
/// nothing else happens.
/// </summary>
public static class ChatCommandGate
{
    /// <summary>The command to run, or <see langword="null"/> with <paramref name="reply"/> telling the user why not.</summary>
    public static ParsedCommand? Admit(string text, ChatRole role, string userId, out string reply)
    {
        ArgumentNullException.ThrowIfNull(text);
        ParsedCommand parsed;
        try
        {
            parsed = CommandParser.Parse(text);
        }
        catch (CommandParseException ex)
        {
            reply = ex.Spec is null ? $"{ex.Message}\n\n{CommandExecutor.Help(null).Text}" : ex.Message;
            return null;
        }

        if (!ChatPermissions.Allows(role, parsed.Spec))
        {
            reply = $"'{parsed.Verb}' needs the {ChatPermissions.Required(parsed.Spec).ToString().ToLowerInvariant()} role and yours is "
                + $"{role.ToString().ToLowerInvariant()}, so nothing was done. An AgentOps admin can map your user id {userId} in Chat:Users.";
            return null;
        }

        reply = string.Empty;
        return parsed;
    }
}
