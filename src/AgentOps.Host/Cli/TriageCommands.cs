using System.CommandLine;
using System.Globalization;
using AgentOps.Core.Triage;
using AgentOps.Infrastructure.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace AgentOps.Host.Cli;

/// <summary><c>agentops triage train</c> and <c>agentops triage eval</c>: train a classifier on your tickets and measure any classifier.</summary>
public static class TriageCommands
{
    public static Command Create(CliContext context)
    {
        var triage = new Command("triage", "Train and evaluate urgency and intent classifiers on your own tickets");
        triage.Subcommands.Add(Train(context));
        triage.Subcommands.Add(Eval(context));
        return triage;
    }

    private static Command Train(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "CSV file of labelled tickets", Required = true };
        var text = new Option<string>("--text") { Description = "Text columns, comma-separated (e.g. subject,body)", Required = true };
        var label = new Option<string>("--label") { Description = "Label column (e.g. priority)", Required = true };
        var model = new Option<string>("--model") { Description = "Where to save the model", DefaultValueFactory = _ => "triage-model.zip" };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON" };
        var features = FeaturesOption();
        var categorical = CategoricalOption();
        var command = new Command("train", "Train the ML.NET text classifier and save it") { data, text, label, model, features, categorical, json };
        command.SetAction(parseResult => Run(context, parseResult.GetValue(json), () =>
        {
            var service = context.Services.GetRequiredService<TriageCommandService>();
            var result = service.Train(new TriageTrainArguments(
                Path.GetFullPath(parseResult.GetValue(data)!, context.WorkingDirectory),
                TriageDataset.SplitColumns(parseResult.GetValue(text)!),
                parseResult.GetValue(label)!,
                Path.GetFullPath(parseResult.GetValue(model)!, context.WorkingDirectory))
            {
                Features = ParseFeatures(parseResult.GetValue(features)),
                CategoryColumns = TriageDataset.SplitColumns(parseResult.GetValue(categorical) ?? string.Empty),
            });
            return Task.FromResult((result.ToText(), result.ToJson().ToJsonString(CliOutput.Json)));
        }));
        return command;
    }

    private static Command Eval(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "CSV file of labelled tickets", Required = true };
        var text = new Option<string>("--text") { Description = "Text columns, comma-separated (e.g. subject,body)", Required = true };
        var label = new Option<string>("--label") { Description = "Label column (e.g. priority, type)", Required = true };
        var classifier = new Option<string>("--classifier") { Description = "rules | ml | llm | ensemble", DefaultValueFactory = _ => "rules" };
        classifier.AcceptOnlyFromAmong("rules", "ml", "llm", "ensemble");
        var model = new Option<string?>("--model") { Description = "A trained model (else ml is cross-validated)" };
        var map = new Option<string?>("--map") { Description = "Label mapping for word labels, e.g. high=P1+P2,medium=P3,low=P4" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds", DefaultValueFactory = _ => 5 };
        var favor = new Option<string?>("--favor") { Description = "LABEL=THRESHOLD: predict LABEL from this probability (trade precision for recall); LABEL alone with --min-recall" };
        var minRecall = new Option<double?>("--min-recall") { Description = "With --favor LABEL: choose its threshold by an inner cross-validation of each training part so that its recall reaches this value" };
        var confidence = new Option<double?>("--recall-confidence") { Description = "With --min-recall: probability that the recall holds on new tickets, not only on the inner folds (e.g. 0.95)" };
        var innerFolds = new Option<int>("--inner-folds") { Description = "Folds of the inner cross-validation behind --min-recall", DefaultValueFactory = _ => 3 };
        var features = FeaturesOption();
        var categorical = CategoricalOption();
        var seed = new Option<int>("--seed") { Description = "Random seed of the folds", DefaultValueFactory = _ => 42 };
        var json = new Option<bool>("--json") { Description = "Write the result as one JSON object" };
        var command = new Command("eval", "Per-class precision, recall, F1 and the confusion matrix of a classifier on labelled data")
        {
            data, text, label, classifier, model, map, folds, favor, minRecall, confidence, innerFolds, features, categorical, seed, json,
        };
        command.SetAction((parseResult, ct) => Run(context, parseResult.GetValue(json), async () =>
        {
            string? favorLabel = null;
            var favorThreshold = 0.5;
            var recall = parseResult.GetValue(minRecall);
            var f = parseResult.GetValue(favor);
            if (f is not null && recall is not null)
            {
                favorLabel = f.Contains('=', StringComparison.Ordinal)
                    ? throw new TriageDataException($"With --min-recall, give --favor LABEL without a threshold, not '{f}'.")
                    : f;
            }
            else if (f is not null)
            {
                var eq = f.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !double.TryParse(f[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out favorThreshold) || favorThreshold is <= 0 or >= 1)
                {
                    throw new TriageDataException($"--favor must be LABEL=THRESHOLD with a threshold between 0 and 1, not '{f}'.");
                }

                favorLabel = f[..eq];
            }

            var service = context.Services.GetRequiredService<TriageCommandService>();
            var result = await service.EvaluateAsync(
                new TriageEvalArguments(
                    Path.GetFullPath(parseResult.GetValue(data)!, context.WorkingDirectory),
                    TriageDataset.SplitColumns(parseResult.GetValue(text)!),
                    parseResult.GetValue(label)!)
                {
                    Classifier = parseResult.GetValue(classifier)!,
                    ModelPath = parseResult.GetValue(model) is { } m ? Path.GetFullPath(m, context.WorkingDirectory) : null,
                    Map = parseResult.GetValue(map),
                    Folds = parseResult.GetValue(folds),
                    FavorLabel = favorLabel,
                    FavorThreshold = favorThreshold,
                    FavorMinRecall = recall,
                    FavorRecallConfidence = parseResult.GetValue(confidence),
                    InnerFolds = parseResult.GetValue(innerFolds),
                    Features = ParseFeatures(parseResult.GetValue(features)),
                    CategoryColumns = TriageDataset.SplitColumns(parseResult.GetValue(categorical) ?? string.Empty),
                    Seed = parseResult.GetValue(seed),
                },
                ct).ConfigureAwait(false);
            return (result.ToText(), result.ToJson().ToJsonString(CliOutput.Json));
        }));
        return command;
    }

    private static Option<string> FeaturesOption()
    {
        var option = new Option<string>("--features") { Description = "Features of the ML model: words (word 1-2-grams) | words+chars (plus character 3-grams)", DefaultValueFactory = _ => "words" };
        option.AcceptOnlyFromAmong("words", "words+chars");
        return option;
    }

    private static Option<string?> CategoricalOption() =>
        new("--categorical") { Description = "Categorical columns known at triage time, comma-separated (e.g. queue,type): one feature per value, for ml (never a column written after triage, such as an answer)" };

    private static MlTextFeatures ParseFeatures(string? value) => value == "words+chars" ? MlTextFeatures.WordsAndChars : MlTextFeatures.Words;

    private static async Task<int> Run(CliContext context, bool json, Func<Task<(string Text, string Json)>> action)
    {
        try
        {
            var (text, jsonText) = await action().ConfigureAwait(false);
            context.Output.WriteLine(json ? jsonText : text);
            return 0;
        }
        catch (TriageDataException ex)
        {
            context.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
