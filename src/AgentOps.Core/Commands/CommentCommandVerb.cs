namespace AgentOps.Core.Commands;

/// <summary>The commands a person can give in a GitHub comment.</summary>
public enum CommentCommandVerb
{
    /// <summary><c>/pm:issue-start</c>: start the track (or the investigation, on the epic).</summary>
    IssueStart,

    /// <summary><c>/pm:issue-close [reason]</c>: complete the track (or resolve the incident, on the epic).</summary>
    IssueClose,

    /// <summary><c>/status &lt;state&gt; [reason]</c>: move to a state by its kebab-case name.</summary>
    Status,

    /// <summary><c>/ack</c>: acknowledge the incident.</summary>
    Ack,

    /// <summary><c>/assign @user</c>: assign the track (or the incident) to a GitHub user.</summary>
    Assign,

    /// <summary><c>/approve &lt;id&gt;</c>: approve a held or draft communication.</summary>
    Approve,

    /// <summary><c>/priority P1..P4</c>: change the incident's priority.</summary>
    Priority,
}
