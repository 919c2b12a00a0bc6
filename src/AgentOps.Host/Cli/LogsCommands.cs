using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentOps.Core.Diagnostics.Logs;
using AgentOps.Infrastructure.Tools.Logs;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops logs templates FILE</c>: the template miner on a file or folder; <c>--csv</c> writes the LogPAI structured format.</summary>
public static class LogsCommands
{
    public static Command Create(CliContext context)
    {
        var path = new Argument<string>("path") { Description = "A log file (or, without --csv, a folder)" };
        var csv = new Option<bool>("--csv") { Description = "One row per input line: LineId,EventId,EventTemplate (LogPAI structured format)" };
        var json = new Option<bool>("--json") { Description = "Write the templates as JSON" };
        var top = new Option<int>("--top") { Description = "How many templates to show", DefaultValueFactory = _ => 30 };
        var window = new Option<int>("--window") { Description = "Error spike window in seconds", DefaultValueFactory = _ => 60 };
        var templates = new Command("templates", "Collapse log lines into templates with counts, levels, first/last seen and error spikes") { path, csv, json, top, window };
        templates.SetAction(async (parseResult, ct) =>
        {
            var full = Path.GetFullPath(parseResult.GetValue(path)!, context.WorkingDirectory);
            if (parseResult.GetValue(csv))
            {
                if (!File.Exists(full))
                {
                    context.Error.WriteLine($"--csv needs one log file; {full} is not a file.");
                    return 2;
                }

                using var reader = new StreamReader(full);
                await LogPaiCsvWriter.WriteAsync(reader, context.Output, null, ct).ConfigureAwait(false);
                return 0;
            }

            if (!File.Exists(full) && !Directory.Exists(full))
            {
                context.Error.WriteLine($"No such file or folder: {full}");
                return 2;
            }

            var analyzer = context.Services.GetRequiredService<LogAnalyzer>();
            var analysis = await analyzer.AnalyzeAsync(full, null, null, TimeSpan.FromSeconds(Math.Max(1, parseResult.GetValue(window))), ct).ConfigureAwait(false);
            var shown = analysis.Templates.OrderByDescending(t => t.ErrorCount).ThenByDescending(t => t.Count).Take(Math.Max(1, parseResult.GetValue(top))).ToList();
            if (parseResult.GetValue(json))
            {
                context.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    files = analysis.Files,
                    binary_files = analysis.BinaryFiles,
                    unreadable_files = analysis.UnreadableFiles,
                    lines = analysis.Lines,
                    templates_total = analysis.Templates.Count,
                    templates = shown,
                    spikes = analysis.Spikes,
                }, CliOutput.Json));
                return 0;
            }

            context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{analysis.Lines} lines in {analysis.Files.Count} file(s) → {analysis.Templates.Count} templates"));
            foreach (var skipped in analysis.BinaryFiles)
            {
                context.Output.WriteLine($"  skipped binary file {skipped}");
            }

            foreach (var t in shown)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{t.Id,4}] {t.Count,8} {t.Severity,-7} {t.FirstSeen:HH:mm:ss}–{t.LastSeen:HH:mm:ss} {t.Text}"));
            }

            foreach (var spike in analysis.Spikes)
            {
                context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  error spike {spike.Start:yyyy-MM-dd HH:mm:ss}: {spike.Errors} errors in {spike.Window.TotalSeconds:0} s (baseline {spike.Baseline:0.0}), template {spike.TopTemplateId}"));
            }

            return 0;
        });
        var logs = new Command("logs", "Log analysis");
        logs.Subcommands.Add(templates);
        return logs;
    }
}
