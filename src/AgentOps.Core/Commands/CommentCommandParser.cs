using System.Text.RegularExpressions;

namespace AgentOps.Core.Commands;

/// <summary>
/// Reads slash commands out of a GitHub comment body: one command per line, the line starting with <c>/</c>.
/// Lines inside fenced code blocks and quoted lines (<c>&gt; /ack</c>) are ignored, so quoting a command does not
/// run it again. Unknown <c>/pm:</c> commands are errors; other unknown slash words (<c>/cc</c>, <c>/label</c>) belong
/// to other bots and are ignored.
/// </summary>
public static partial class CommentCommandParser
{
    /// <summary>The state words <c>/status</c> accepts (incident and track states, kebab-case).</summary>
    public static IReadOnlyList<string> StatusWords { get; } =
    [
        "triaged", "investigating", "mitigating", "resolved", "post-mortem", "closed",
        "open", "in-progress", "blocked", "done", "cancelled",
    ];

    private static readonly HashSet<string> StatesNeedingReason = new(StringComparer.Ordinal) { "blocked", "cancelled" };

    /// <summary>Parses <paramref name="body"/>; never throws.</summary>
    public static CommentCommandParseResult Parse(string? body)
    {
        var commands = new List<CommentCommand>();
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(body))
        {
            return new CommentCommandParseResult(commands, errors);
        }

        var inFence = false;
        foreach (var raw in body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence || !line.StartsWith('/'))
            {
                continue;
            }

            ParseLine(line, commands, errors);
        }

        return new CommentCommandParseResult(commands, errors);
    }

    private static void ParseLine(string line, List<CommentCommand> commands, List<string> errors)
    {
        var parts = line.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        var word = parts[0].ToLowerInvariant();
        var arg = parts.Length > 1 ? parts[1] : null;
        var rest = parts.Length > 2 ? parts[2].Trim() : null;
        var argAndRest = parts.Length > 1 ? line[parts[0].Length..].Trim() : null;

        switch (word)
        {
            case "/pm:issue-start":
                commands.Add(new CommentCommand(CommentCommandVerb.IssueStart, null, argAndRest, line));
                break;
            case "/pm:issue-close":
                commands.Add(new CommentCommand(CommentCommandVerb.IssueClose, null, argAndRest, line));
                break;
            case "/ack":
                commands.Add(new CommentCommand(CommentCommandVerb.Ack, null, argAndRest, line));
                break;
            case "/status":
                ParseStatus(line, arg, rest, commands, errors);
                break;
            case "/assign":
                if (arg is null || !LoginPattern().IsMatch(arg))
                {
                    errors.Add($"`{line}`: expected `/assign @user` with a GitHub login.");
                }
                else
                {
                    commands.Add(new CommentCommand(CommentCommandVerb.Assign, arg.TrimStart('@'), rest, line));
                }

                break;
            case "/approve":
                if (arg is null || !IdPattern().IsMatch(arg))
                {
                    errors.Add($"`{line}`: expected `/approve <id>`, e.g. `/approve C-INC-2026-0001-1`.");
                }
                else
                {
                    commands.Add(new CommentCommand(CommentCommandVerb.Approve, arg, rest, line));
                }

                break;
            case "/priority":
                var priority = arg?.ToUpperInvariant();
                if (priority is null || !PriorityPattern().IsMatch(priority))
                {
                    errors.Add($"`{line}`: expected `/priority P1`, `P2`, `P3` or `P4`.");
                }
                else
                {
                    commands.Add(new CommentCommand(CommentCommandVerb.Priority, priority, rest, line));
                }

                break;
            default:
                if (word.StartsWith("/pm:", StringComparison.Ordinal))
                {
                    errors.Add($"`{line}`: unknown command `{parts[0]}`; known: `/pm:issue-start`, `/pm:issue-close`, `/status <state>`, `/ack`, `/assign @user`, `/approve <id>`, `/priority P1..P4`.");
                }

                break;
        }
    }

    private static void ParseStatus(string line, string? arg, string? rest, List<CommentCommand> commands, List<string> errors)
    {
        var state = arg?.ToLowerInvariant().Replace('_', '-');
        if (state == "postmortem")
        {
            state = "post-mortem";
        }
        else if (state == "inprogress")
        {
            state = "in-progress";
        }

        if (state is null || !StatusWords.Contains(state))
        {
            errors.Add($"`{line}`: expected `/status <state>` with one of {string.Join(", ", StatusWords.Select(w => $"`{w}`"))}.");
        }
        else if (StatesNeedingReason.Contains(state) && string.IsNullOrWhiteSpace(rest))
        {
            errors.Add($"`{line}`: `/status {state}` needs a reason, e.g. `/status {state} waiting for the DBA`.");
        }
        else
        {
            commands.Add(new CommentCommand(CommentCommandVerb.Status, state, rest, line));
        }
    }

    [GeneratedRegex("^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\\[bot\\])?$")]
    private static partial Regex LoginPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^P[1-4]$")]
    private static partial Regex PriorityPattern();
}
