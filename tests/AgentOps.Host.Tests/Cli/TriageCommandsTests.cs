using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AgentOps.Host.Tests.Cli;

public sealed class TriageCommandsTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    private string WriteTickets()
    {
        var builder = new StringBuilder("subject,body,priority\n");
        for (var i = 0; i < 24; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\"Outage {i}\",\"Production is down, payments failing on page {i}\",high\n");
            builder.Append(CultureInfo.InvariantCulture, $"\"Question {i}\",\"How do I change the colour of button {i}?\",low\n");
        }

        var path = Path.Combine(_cli.WorkingDirectory, "tickets.csv");
        File.WriteAllText(path, builder.ToString());
        return path;
    }

    [Fact]
    public async Task Eval_MinRecallAndCharacterFeatures_ReportsThresholdsChosenByInnerCrossValidation()
    {
        // Arrange
        var data = WriteTickets();

        // Act
        var (code, output, error) = await _cli.RunAsync(
            "triage", "eval", "--data", data, "--text", "subject,body", "--label", "priority", "--classifier", "ml", "--folds", "2",
            "--favor", "high", "--min-recall", "0.9", "--features", "words+chars", "--json");

        // Assert
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var method = json.RootElement.GetProperty("method").GetString();
        Assert.Contains("word and character n-grams", method, StringComparison.Ordinal);
        Assert.Contains("favoring 'high' from the probability giving recall 0.9", method, StringComparison.Ordinal);
        Assert.True(json.RootElement.GetProperty("classes").GetProperty("high").GetProperty("recall").GetDouble() >= 0.9);
    }

    [Fact]
    public async Task Eval_CategoricalInnerFoldsAndRecallConfidence_ReachTheService()
    {
        // Arrange: both labels share the text; only the queue tells them apart.
        var builder = new StringBuilder("subject,body,queue,priority\n");
        for (var i = 0; i < 16; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Ticket {i},Something about page {i},Service Outages,high\n");
            builder.Append(CultureInfo.InvariantCulture, $"Ticket {i},Something about page {i},Sales,low\n");
        }

        var data = Path.Combine(_cli.WorkingDirectory, "queues.csv");
        await File.WriteAllTextAsync(data, builder.ToString());
        var model = Path.Combine(_cli.WorkingDirectory, "queue-model.zip");

        // Act
        var (code, output, error) = await _cli.RunAsync(
            "triage", "eval", "--data", data, "--text", "subject,body", "--label", "priority", "--classifier", "ml", "--folds", "2",
            "--categorical", "queue", "--favor", "high", "--min-recall", "0.8", "--recall-confidence", "0.9", "--inner-folds", "2", "--json");
        var (trainCode, _, trainError) = await _cli.RunAsync(
            "triage", "train", "--data", data, "--text", "subject,body", "--label", "priority", "--categorical", "queue", "--model", model);

        // Assert
        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var method = json.RootElement.GetProperty("method").GetString();
        Assert.Contains("categorical queue", method, StringComparison.Ordinal);
        Assert.Contains("giving recall 0.8 with confidence 0.9 in a 2-fold cross-validation", method, StringComparison.Ordinal);
        Assert.Equal(1.0, json.RootElement.GetProperty("accuracy").GetDouble());
        Assert.True(trainCode == 0, trainError);
        Assert.True(File.Exists(model));
    }

    [Fact]
    public async Task Eval_MinRecallWithAThreshold_IsAUserError()
    {
        // Arrange
        var data = WriteTickets();

        // Act
        var (code, _, error) = await _cli.RunAsync(
            "triage", "eval", "--data", data, "--text", "subject,body", "--label", "priority", "--classifier", "ml",
            "--favor", "high=0.3", "--min-recall", "0.8");

        // Assert
        Assert.Equal(1, code);
        Assert.Contains("With --min-recall, give --favor LABEL without a threshold, not 'high=0.3'.", error, StringComparison.Ordinal);
    }
}
