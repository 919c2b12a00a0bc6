using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AgentOps.Host.Server.Api;

/// <summary>Parses and checks query-string values, with messages that say what is accepted.</summary>
public static class ApiQuery
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 500;

    /// <summary>
    /// Parses a comma-separated list of enum names (case-insensitive; numbers are refused), e.g. <c>investigating,mitigating</c>.
    /// </summary>
    /// <returns><see langword="false"/> with <paramref name="error"/> set when a name is unknown.</returns>
    public static bool TryParseList<T>(string? text, string name, out IReadOnlyList<T> values, [NotNullWhen(false)] out string? error)
        where T : struct, Enum
    {
        var parsed = new List<T>();
        foreach (var word in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (word.Any(char.IsDigit) && word.All(c => char.IsDigit(c) || c == '-')
                || !Enum.TryParse<T>(word, ignoreCase: true, out var value) || !Enum.IsDefined(value))
            {
                values = [];
                error = $"Unknown {name} '{Truncate(word)}'; use one of {string.Join(", ", Enum.GetNames<T>())} (comma-separated).";
                return false;
            }

            parsed.Add(value);
        }

        values = parsed.Distinct().ToList();
        error = null;
        return true;
    }

    /// <summary>Checks paging values: <paramref name="limit"/> 1..<see cref="MaxLimit"/> (default <see cref="DefaultLimit"/>), <paramref name="offset"/> ≥ 0.</summary>
    public static bool TryPage(int? limit, int? offset, out int take, out int skip, [NotNullWhen(false)] out string? error)
    {
        take = limit ?? DefaultLimit;
        skip = offset ?? 0;
        error = take is < 1 or > MaxLimit
            ? string.Create(CultureInfo.InvariantCulture, $"limit must be between 1 and {MaxLimit}.")
            : skip < 0 ? "offset must not be negative." : null;
        return error is null;
    }

    /// <summary>The current request's path with <paramref name="changes"/> applied to its query string (for <c>next</c> links).</summary>
    public static string Link(HttpRequest request, params (string Key, string Value)[] changes)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in changes)
        {
            query[key] = value;
        }

        return request.PathBase + request.Path + QueryString.Create(query.Select(q => new KeyValuePair<string, string?>(q.Key, q.Value)));
    }

    /// <summary>An echo of user input short enough for an error message.</summary>
    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
