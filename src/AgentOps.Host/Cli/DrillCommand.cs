using System.CommandLine;
using System.Globalization;
using AgentOps.Infrastructure.Diagnostics.Drills;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops drill &lt;scenario&gt;</c>: reproduce a real incident on local servers and check the engine names its root cause.</summary>
public static class DrillCommand
{
    public static Command Create(CliContext context)
    {
        var scenario = new Argument<string>("scenario") { Description = "missing-index | redis-pool | expired-key" };
        var json = new Option<bool>("--json") { Description = "Write root_cause, contributing_causes, time_to_detect_s, correct and the findings as JSON" };
        var drill = new Command("drill", "Run an incident drill on real local servers (PostgreSQL, Redis, logs) and score the diagnosis") { scenario, json };
        drill.SetAction(async (parseResult, ct) =>
        {
            var runner = context.Services.GetRequiredService<DrillRunner>();
            var name = parseResult.GetValue(scenario)!;
            if (!runner.Scenarios.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                context.Error.WriteLine($"Unknown scenario '{name}'. Scenarios: {string.Join(", ", runner.Scenarios.Select(s => s.Name))}.");
                return 2;
            }

            var result = await runner.RunAsync(name, ct).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(result.ToJson());
            }
            else
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Drill {result.Scenario}: {(result.Correct ? "RIGHT" : "WRONG")} root cause in {result.DurationSeconds:0.0} s (time to detect {result.TimeToDetectSeconds:0.0} s)"));
                context.Output.WriteLine($"  Root cause: {result.Analysis.RootCause}");
                foreach (var cause in result.Analysis.ContributingCauses)
                {
                    context.Output.WriteLine($"  Contributing: {cause}");
                }

                foreach (var why in result.Analysis.FiveWhys)
                {
                    context.Output.WriteLine($"  {why.Question} {why.Answer}");
                }

                if (result.PostMortemScore is { } score)
                {
                    context.Output.WriteLine($"  Post-mortem checklist: {score.Passed}/{score.Total}{(score.FullMarks ? string.Empty : $" (missing: {string.Join(", ", score.Sections.Where(s => !s.Passed).Select(s => s.Name))})")}");
                }

                foreach (var note in result.Notes)
                {
                    context.Output.WriteLine($"  Note: {note}");
                }
            }

            return result.Correct ? 0 : 1;
        });
        return drill;
    }
}
