using System.Text;
using AgentOps.Core.Triage;

namespace AgentOps.Infrastructure.Triage;

/// <summary>
/// A CSV file read whole (RFC 4180): comma separated, fields in double quotes may hold commas, doubled quotes and
/// line breaks; CRLF or LF line ends; a UTF-8 byte-order mark is skipped. The first record is the header.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Headers = headers;
        Rows = rows;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            _columns.TryAdd(headers[i], i);
        }
    }

    /// <summary>Column names from the header.</summary>
    public IReadOnlyList<string> Headers { get; }

    /// <summary>Records after the header; each has exactly <see cref="Headers"/>.Count fields.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>Reads the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="TriageDataException">The file is missing, empty, has a quoted field that never closes, or a record with more fields than the header.</exception>
    public static CsvTable Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new TriageDataException($"{path}: file not found.");
        }

        string text;
        using (var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            text = reader.ReadToEnd();
        }

        return Parse(text, path);
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="TriageDataException">Empty text, a quoted field that never closes, or a record with more fields than the header.</exception>
    public static CsvTable Parse(string text, string source = "CSV")
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = ReadRecords(text.TrimStart('\uFEFF'), source);
        if (records.Count == 0 || records[0].Fields.All(string.IsNullOrWhiteSpace))
        {
            throw new TriageDataException($"{source}: the file is empty (no header line).");
        }

        var headers = records[0].Fields.Select(h => h.Trim()).ToList();
        var rows = new List<IReadOnlyList<string>>(records.Count - 1);
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count > headers.Count)
            {
                throw new TriageDataException($"{source}, line {line}: {fields.Count} fields but the header has {headers.Count} columns.");
            }

            while (fields.Count < headers.Count)
            {
                fields.Add(string.Empty);
            }

            rows.Add(fields);
        }

        return new CsvTable(headers, rows);
    }

    /// <summary>Index of <paramref name="column"/> (case-insensitive).</summary>
    /// <exception cref="TriageDataException">No such column; the message lists the columns.</exception>
    public int ColumnIndex(string column) =>
        _columns.TryGetValue(column.Trim(), out var index)
            ? index
            : throw new TriageDataException($"Column '{column}' not found; the columns are: {string.Join(", ", Headers)}.");

    private static List<(int Line, List<string> Fields)> ReadRecords(string text, string source)
    {
        var records = new List<(int, List<string>)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    inQuotes = true;
                    quoteLine = line;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields));
                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new TriageDataException($"{source}, line {quoteLine}: a quoted field is never closed.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields));
        }

        return records;
    }
}
