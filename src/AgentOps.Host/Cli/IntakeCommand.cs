using System.CommandLine;
using System.Text.Json.Nodes;
using AgentOps.Core.Intake;
using AgentOps.Infrastructure.Mail;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops intake &lt;file.eml | -&gt;</c> and <c>agentops intake --dir &lt;folder&gt;</c>.</summary>
public static class IntakeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("file") { Description = "An .eml file, or - for standard input", Arity = ArgumentArity.ZeroOrOne };
        var dir = new Option<string?>("--dir") { Description = "Process every .eml of a folder (processed/ and quarantine/ beside them); default Mail:InboxPath", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Write the triage as JSON" };
        var intake = new Command("intake", "Turn an email into a triaged incident (or add it to the incident it belongs to)");
        intake.Arguments.Add(file);
        intake.Options.Add(dir);
        intake.Options.Add(json);
        intake.SetAction(async (parseResult, ct) =>
        {
            var path = parseResult.GetValue(file);
            var folder = parseResult.GetValue(dir);
            var asJson = parseResult.GetValue(json);
            if (path is null == (folder is null && parseResult.GetResult(dir) is null))
            {
                context.Error.WriteLine("Give one .eml file (or - for standard input), or --dir <folder>. Usage: agentops intake <file.eml | -> [--json] | --dir <folder>");
                return 2;
            }

            IReadOnlyList<IntakeOutcome> outcomes;
            if (path is null)
            {
                var source = context.Services.GetRequiredService<DropFolderSource>();
                outcomes = await source.ProcessOnceAsync(folder is null ? null : Path.GetFullPath(folder, context.WorkingDirectory), ct).ConfigureAwait(false);
            }
            else
            {
                var service = context.Services.GetRequiredService<IntakeService>();
                if (path == "-")
                {
                    using var buffer = new MemoryStream();
                    await Console.OpenStandardInput().CopyToAsync(buffer, ct).ConfigureAwait(false);
                    buffer.Position = 0;
                    outcomes = [await service.ProcessAsync(buffer, new IntakeContext("stdin"), ct).ConfigureAwait(false)];
                }
                else
                {
                    var full = Path.GetFullPath(path, context.WorkingDirectory);
                    if (!File.Exists(full))
                    {
                        context.Error.WriteLine($"No such file: {full}");
                        return 2;
                    }

                    await using var stream = File.OpenRead(full);
                    outcomes = [await service.ProcessAsync(stream, new IntakeContext(full), ct).ConfigureAwait(false)];
                }
            }

            if (asJson)
            {
                context.Output.WriteLine(path is null
                    ? new JsonArray([.. outcomes.Select(o => (JsonNode)IntakeOutcomeFormatter.ToJsonObject(o))]).ToJsonString(CliOutput.Json)
                    : IntakeOutcomeFormatter.ToJson(outcomes[0]));
            }
            else
            {
                foreach (var outcome in outcomes)
                {
                    context.Output.WriteLine(IntakeOutcomeFormatter.ToText(outcome));
                }

                if (outcomes.Count == 0)
                {
                    context.Output.WriteLine("No .eml file to process.");
                }
            }

            return outcomes.Any(o => o.Status == IntakeStatus.Quarantined) ? 1 : 0;
        });
        return intake;
    }
}
