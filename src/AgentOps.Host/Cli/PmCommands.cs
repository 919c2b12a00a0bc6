using System.CommandLine;
using AgentOps.Core.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Cli;

/// <summary>
/// <c>agentops pm &lt;verb&gt;</c> and <c>agentops incident &lt;verb&gt;</c>: System.CommandLine commands generated from
/// <see cref="CommandCatalog"/>, so the CLI, chat and GitHub comments share one grammar and one executor.
/// </summary>
public static class PmCommands
{
    /// <summary>The <c>pm</c> command with one subcommand per verb.</summary>
    public static Command CreatePm(CliContext context)
    {
        var pm = new Command("pm", "CCPM-style incident commands (same grammar as '/pm:...' in chat and GitHub comments)");
        foreach (var spec in CommandCatalog.All)
        {
            pm.Subcommands.Add(CreateVerb(context, spec, spec.Name));
        }

        return pm;
    }

    /// <summary>The <c>incident</c> command: <c>new</c>, <c>show</c>, <c>list</c>, <c>transition</c>.</summary>
    public static Command CreateIncident(CliContext context)
    {
        var incident = new Command("incident", "Open, show, list and move incidents");
        foreach (var spec in CommandCatalog.All.Where(s => s.Name.StartsWith("incident-", StringComparison.Ordinal)))
        {
            incident.Subcommands.Add(CreateVerb(context, spec, spec.Name["incident-".Length..]));
        }

        return incident;
    }

    private static Command CreateVerb(CliContext context, CommandSpec spec, string name)
    {
        var command = new Command(name, spec.Summary);
        var arguments = new Argument<string[]>("arguments")
        {
            Description = spec.Arguments.Count == 0 ? "none" : string.Join(' ', spec.Arguments.Select((a, i) => i < spec.RequiredArguments ? $"<{a}>" : $"[{a}]")),
            // The shared parser checks the count and prints the usage; System.CommandLine only collects the words.
            Arity = new ArgumentArity(0, 64),
        };
        if (spec.Arguments.Count > 0)
        {
            command.Arguments.Add(arguments);
        }

        var options = spec.Options.ToDictionary(o => o.Key, o => new Option<string>($"--{o.Key}") { Description = o.Value });
        foreach (var option in options.Values)
        {
            command.Options.Add(option);
        }

        var json = new Option<bool>("--json") { Description = "Write the result as JSON" };
        if (spec.IsRead)
        {
            command.Options.Add(json);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var words = new List<string> { spec.Name };
            if (spec.Arguments.Count > 0)
            {
                words.AddRange(parseResult.GetValue(arguments) ?? []);
            }

            foreach (var (key, option) in options)
            {
                if (parseResult.GetValue(option) is { } value)
                {
                    words.Add($"--{key}={value}");
                }
            }

            var asJson = spec.IsRead && parseResult.GetValue(json);
            if (asJson)
            {
                words.Add("--json");
            }

            ParsedCommand parsed;
            try
            {
                parsed = CommandParser.Parse(words);
            }
            catch (CommandParseException ex)
            {
                context.Error.WriteLine(ex.Message);
                return 2;
            }

            var executor = context.Services.GetRequiredService<CommandExecutor>();
            var result = await executor.ExecuteAsync(parsed, new CommandActor(Environment.UserName, "cli"), cancellationToken).ConfigureAwait(false);
            return CliOutput.Write(context, result, asJson);
        });
        return command;
    }
}
