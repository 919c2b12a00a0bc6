using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;

namespace AgentOps.Infrastructure.Tools.AppLog;

/// <summary>
/// A plain line search over the configured application log files (no template mining: that is the <c>logs</c> plugin's job).
/// Answers <c>file:line: text</c> lines, like <c>logs.search</c>, so the application playbook reads either.
/// </summary>
public sealed class AppLogPlugin
{
    private readonly AppLogOptions _options;

    public AppLogPlugin(AppLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    [KernelFunction("search"), Description("Searches the configured application log files for lines matching a regular expression (case-insensitive); returns file:line: text, oldest first.")]
    public async Task<string> SearchAsync(
        [Description(".NET regular expression, e.g. 'timeout|refused'.")] string pattern,
        [Description("Most matching lines to return (1-500).")] int maxMatches = 100,
        CancellationToken cancellationToken = default)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
        }
        catch (ArgumentException ex)
        {
            return ToolJson.Error("applog", $"invalid pattern: {ex.Message}");
        }

        var limit = Math.Clamp(maxMatches, 1, 500);
        var output = new StringBuilder();
        var matches = 0;
        foreach (var path in _options.Paths)
        {
            if (!File.Exists(path))
            {
                output.Append(CultureInfo.InvariantCulture, $"{path}: not found\n");
                continue;
            }

            // The application may still be writing the file.
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var number = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line && number < _options.MaxLinesPerFile)
            {
                number++;
                try
                {
                    if (!regex.IsMatch(line))
                    {
                        continue;
                    }
                }
                catch (RegexMatchTimeoutException)
                {
                    return ToolJson.Error("applog", "pattern too slow on one line; simplify it");
                }

                output.Append(CultureInfo.InvariantCulture, $"{path}:{number}: {ToolJson.Trim(line, 300)}\n");
                if (++matches >= limit)
                {
                    return output.Append("[more matches not shown]").ToString();
                }
            }
        }

        return matches == 0 ? "no match" : output.ToString();
    }
}
