using System.Text;

namespace AgentOps.Core.Commands;

/// <summary>
/// Parses the CCPM-style grammar from any transport: <c>/pm:issue-start 3</c>, <c>pm issue-start 3</c>,
/// <c>/pm issue-start 3</c> (chat) or <c>issue-start 3</c>. Options are <c>--name value</c> or <c>--name=value</c>.
/// </summary>
public static class CommandParser
{
    /// <summary>Parses one command line.</summary>
    /// <exception cref="CommandParseException">The text is not a valid command; the message says why and shows the usage.</exception>
    public static ParsedCommand Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Tokenize(text.Trim()));
    }

    /// <summary>Parses already split words (as the CLI receives them).</summary>
    /// <exception cref="CommandParseException">The words are not a valid command.</exception>
    public static ParsedCommand Parse(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var tokens = StripPrefix(words);
        if (tokens.Count == 0)
        {
            throw new CommandParseException("No command given. Try 'pm help'.");
        }

        var verb = tokens[0];
        var spec = CommandCatalog.Find(verb);
        if (spec is null)
        {
            var suggestion = CommandCatalog.Suggest(verb);
            throw new CommandParseException(
                $"Unknown command '{verb}'.{(suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?")} Try 'pm help' for the list.");
        }

        var arguments = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var json = false;
        for (var i = 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.StartsWith("--", StringComparison.Ordinal) && token.Length > 2)
            {
                var name = token[2..];
                string? value = null;
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }

                if (name.Equals("json", StringComparison.OrdinalIgnoreCase) && value is null)
                {
                    json = true;
                    continue;
                }

                if (!spec.Options.ContainsKey(name))
                {
                    throw new CommandParseException($"'{spec.Name}' has no option --{name}. Usage: {spec.Usage}", spec);
                }

                if (value is null)
                {
                    if (i + 1 >= tokens.Count)
                    {
                        throw new CommandParseException($"Option --{name} needs a value. Usage: {spec.Usage}", spec);
                    }

                    value = tokens[++i];
                }

                options[name.ToLowerInvariant()] = value;
                continue;
            }

            arguments.Add(token);
        }

        if (spec.TakesRest && arguments.Count >= spec.Arguments.Count)
        {
            var fixedCount = spec.Arguments.Count - 1;
            var rest = string.Join(' ', arguments.Skip(fixedCount));
            arguments = [.. arguments.Take(fixedCount), rest];
        }

        if (arguments.Count < spec.RequiredArguments)
        {
            throw new CommandParseException(
                $"'{spec.Name}' needs {string.Join(" and ", spec.Arguments.Take(spec.RequiredArguments).Select(a => $"<{a.TrimEnd('.')}>"))}. Usage: {spec.Usage}",
                spec);
        }

        if (arguments.Count > spec.Arguments.Count)
        {
            throw new CommandParseException(
                $"'{spec.Name}' takes at most {spec.Arguments.Count} argument(s), got {arguments.Count}: {string.Join(' ', arguments)}. Usage: {spec.Usage}",
                spec);
        }

        if (json && !spec.IsRead)
        {
            throw new CommandParseException($"'{spec.Name}' changes state and has no --json output. Usage: {spec.Usage}", spec);
        }

        return new ParsedCommand(spec, arguments, options, json);
    }

    /// <summary>Splits a command line into words; double or single quotes group words, a backslash escapes a quote.</summary>
    /// <exception cref="CommandParseException">A quote is not closed.</exception>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '"' || text[i + 1] == '\''))
            {
                current.Append(text[++i]);
                inWord = true;
            }
            else if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'' or '“' or '”')
            {
                quote = c == '“' ? '”' : c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            throw new CommandParseException($"A quote ({quote}) is not closed.");
        }

        if (inWord)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static List<string> StripPrefix(IReadOnlyList<string> words)
    {
        var tokens = words.Where(w => w.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            return tokens;
        }

        var first = tokens[0];
        if (first.StartsWith("/pm:", StringComparison.OrdinalIgnoreCase) || first.StartsWith("pm:", StringComparison.OrdinalIgnoreCase))
        {
            tokens[0] = first[(first.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (tokens[0].Length == 0)
            {
                tokens.RemoveAt(0);
            }
        }
        else if (first.Equals("/pm", StringComparison.OrdinalIgnoreCase) || first.Equals("pm", StringComparison.OrdinalIgnoreCase))
        {
            tokens.RemoveAt(0);
        }

        return tokens;
    }
}
