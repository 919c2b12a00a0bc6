namespace AgentOps.Infrastructure.Chat;

/// <summary>What a chat user may do. Roles are ordered: each one includes the ones before it.</summary>
public enum ChatRole
{
    /// <summary>Nothing: every command is refused.</summary>
    None = 0,

    /// <summary>Read-only verbs (<c>status</c>, <c>incident-show</c>, <c>help</c>...).</summary>
    Read = 1,

    /// <summary>Read, plus verbs that change incidents and tracks (<c>issue-start</c>, <c>ack</c>...).</summary>
    Write = 2,

    /// <summary>Write, plus verbs with effects outside AgentOps (<see cref="ChatPermissions.AdminVerbs"/>).</summary>
    Admin = 3,
}
