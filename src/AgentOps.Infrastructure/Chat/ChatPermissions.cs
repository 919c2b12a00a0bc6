using AgentOps.Core.Commands;

namespace AgentOps.Infrastructure.Chat;

/// <summary>Decides whether a chat user may run a verb, from <see cref="ChatOptions.Users"/> and <see cref="ChatOptions.DefaultRole"/>.</summary>
public sealed class ChatPermissions(ChatOptions options)
{
    /// <summary>Verbs with effects outside AgentOps (customer email, remediation), which need <see cref="ChatRole.Admin"/>.</summary>
    public static IReadOnlySet<string> AdminVerbs { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "comms-send", "approve" };

    /// <summary>The role needed to run <paramref name="spec"/>.</summary>
    public static ChatRole Required(CommandSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.IsRead ? ChatRole.Read : AdminVerbs.Contains(spec.Name) ? ChatRole.Admin : ChatRole.Write;
    }

    /// <summary>The role of the first of <paramref name="userIds"/> listed in the configuration, else the default role.</summary>
    public ChatRole RoleOf(params string?[] userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var id in userIds)
        {
            if (!string.IsNullOrEmpty(id) && options.Users.TryGetValue(id, out var name) && Enum.TryParse<ChatRole>(name, ignoreCase: true, out var role))
            {
                return role;
            }
        }

        return options.DefaultRole;
    }

    /// <summary>Whether <paramref name="role"/> may run <paramref name="spec"/>.</summary>
    public static bool Allows(ChatRole role, CommandSpec spec) => role >= Required(spec);
}
