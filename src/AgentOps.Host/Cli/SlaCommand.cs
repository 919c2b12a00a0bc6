using System.CommandLine;
using AgentOps.Core.Commands;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops sla</c>: acknowledgement and resolution deadlines of open incidents, and breaches (same as <c>pm sla</c>).</summary>
public static class SlaCommand
{
    public static Command Create(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Write the report as JSON" };
        var sla = new Command("sla", "Deadlines and breaches of open incidents") { json };
        sla.SetAction(async (parseResult, ct) =>
        {
            var executor = context.Services.GetRequiredService<CommandExecutor>();
            var asJson = parseResult.GetValue(json);
            var result = await executor.ExecuteAsync(CommandParser.Parse(asJson ? "sla --json" : "sla"), new CommandActor(Environment.UserName, "cli"), ct).ConfigureAwait(false);
            return CliOutput.Write(context, result, asJson);
        });
        return sla;
    }
}
