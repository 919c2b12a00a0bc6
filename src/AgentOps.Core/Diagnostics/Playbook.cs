using AgentOps.Core.Model;

namespace AgentOps.Core.Diagnostics;

/// <summary>
/// Base of the offline (deterministic) analysts: a fixed sequence of tool calls whose outputs are mapped to findings
/// by rules. Tools that are not configured are skipped; tools that fail become <see cref="FindingCategories.ToolUnavailable"/> findings.
/// </summary>
public abstract class Playbook : ITrackAnalyst
{
    /// <inheritdoc />
    public abstract TrackKind Kind { get; }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(TrackContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var recorder = context.Recorder ?? new FindingRecorder(context.Track.Number, context.Time, context.Track.Findings.Count);
        await RunAsync(context, recorder, cancellationToken).ConfigureAwait(false);
        return recorder.Findings;
    }

    /// <summary>Runs the playbook, adding findings to <paramref name="recorder"/>.</summary>
    protected abstract Task RunAsync(TrackContext context, FindingRecorder recorder, CancellationToken cancellationToken);

    /// <summary>Calls <c>plugin.function</c>; null when the tool is not configured. Failures come back as failed outputs.</summary>
    protected static async Task<ToolOutput?> CallAsync(
        TrackContext context,
        string plugin,
        string function,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, object?>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Tools.Has(plugin, function))
        {
            return null;
        }

        var source = $"{plugin}.{function}";
        try
        {
            var raw = await context.Tools.InvokeAsync(plugin, function, arguments ?? new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false);
            return ToolOutput.Parse(source, raw);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // A tool failure is evidence, not a crash: it becomes a finding.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ToolOutput.Parse(source, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["ok"] = false, ["error"] = ex.Message }));
        }
    }

    /// <summary>Returns the output when it is usable; records a tool-unavailable finding and returns null when it failed.</summary>
    protected static ToolOutput? Usable(ToolOutput? output, FindingRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        if (output is null)
        {
            return null;
        }

        if (!output.Ok)
        {
            recorder.ToolUnavailable(output.Source, output.Error ?? "unknown error");
            return null;
        }

        return output;
    }

    /// <summary>Formats a number with invariant culture.</summary>
    protected static string F(double value, string format = "0.##") => value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
}
