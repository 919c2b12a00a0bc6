using System.Text.Encodings.Web;
using System.Text.Json;

namespace AgentOps.Infrastructure.Tools;

/// <summary>
/// Shapes the output of the diagnostic kernel functions: compact JSON with an <c>ok</c> flag, and turns failures,
/// timeouts and hangs into <c>{"ok":false,"error":"..."}</c> instead of exceptions.
/// </summary>
public static class ToolJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    /// <summary>Serialises <paramref name="payload"/> (an object whose first member is usually <c>ok</c>).</summary>
    public static string Serialize(object payload) => JsonSerializer.Serialize(payload, Options);

    /// <summary>A failed tool output saying why.</summary>
    public static string Error(string tool, string message) => Serialize(new { ok = false, tool, error = Trim(message, 400) });

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, collapsing whitespace.</summary>
    public static string Trim(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= max ? collapsed : string.Concat(collapsed.AsSpan(0, max - 1), "…");
    }

    /// <summary>
    /// Runs <paramref name="body"/> with a <paramref name="timeout"/>; any failure becomes an error output naming the tool.
    /// </summary>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> itself is cancelled.</exception>
    public static async Task<string> GuardAsync(string tool, TimeSpan timeout, Func<CancellationToken, Task<object>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            // WaitAsync: a driver that ignores cancellation (a server that accepts but never answers) cannot hang the tool.
            var payload = await body(cts.Token).WaitAsync(cts.Token).ConfigureAwait(false);
            return payload as string ?? Serialize(payload);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Error(tool, $"no answer within {timeout.TotalSeconds:0.#} s (timed out)");
        }
        catch (OperationCanceledException)
        {
            throw;
        }
#pragma warning disable CA1031 // Tool boundary: an unreachable target is a result, never a crash of the investigation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var message = ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message} ({inner.Message})"
                : ex.Message;
            return Error(tool, $"{ex.GetType().Name}: {message}");
        }
    }
}
