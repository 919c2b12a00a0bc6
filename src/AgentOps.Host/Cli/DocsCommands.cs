using System.CommandLine;
using AgentOps.Core.Orchestration;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops docs diagrams</c>: writes the state machine diagrams generated from the code into <c>docs/</c>.</summary>
public static class DocsCommands
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--output") { Description = "Folder to write to", DefaultValueFactory = _ => "docs" };
        var check = new Option<bool>("--check") { Description = "Do not write: exit 1 when a file differs from the code" };
        var diagrams = new Command("diagrams", "Write docs/incident-state-machine.md and docs/track-state-machine.md from the state machines");
        diagrams.Options.Add(output);
        diagrams.Options.Add(check);
        diagrams.SetAction(parseResult =>
        {
            var folder = Path.GetFullPath(parseResult.GetValue(output)!, context.WorkingDirectory);
            var drift = 0;
            foreach (var (fileName, content) in StateDiagrams.Documents)
            {
                var path = Path.Combine(folder, fileName);
                var current = File.Exists(path) ? File.ReadAllText(path) : null;
                if (parseResult.GetValue(check))
                {
                    if (current != content)
                    {
                        context.Error.WriteLine($"{path} differs from the state machine.");
                        drift++;
                    }

                    continue;
                }

                Directory.CreateDirectory(folder);
                File.WriteAllText(path, content);
                context.Output.WriteLine($"Wrote {path}");
            }

            return drift == 0 ? 0 : 1;
        });
        var docs = new Command("docs", "Generated documentation");
        docs.Subcommands.Add(diagrams);
        return docs;
    }
}
