using System.Text;

namespace StudentCard.Central.Rosters;

/// <summary>
/// A CSV file read by its header (RFC 4180: quoted fields, doubled quotes, line breaks inside
/// quotes, a UTF-8 byte order mark). Rows keep the line they started on, so errors can name it.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(string file, IReadOnlyList<string> header, IReadOnlyList<CsvRow> rows)
    {
        File = file;
        Header = header;
        Rows = rows;
        _columns = header.Select((name, index) => (name, index))
            .GroupBy(c => c.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.OrdinalIgnoreCase);
    }

    public string File { get; }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<CsvRow> Rows { get; }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>The trimmed value of a column in a row, or "" when the file has no such column.</summary>
    public string Value(CsvRow row, string column) =>
        _columns.TryGetValue(column, out var index) && index < row.Fields.Count ? row.Fields[index].Trim() : "";

    /// <summary>Reads a whole file; a broken quote or a row with a wrong field count becomes a row error, not an exception.</summary>
    public static CsvTable Read(string file, TextReader reader, ICollection<RosterError> errors)
    {
        var records = Records(reader).ToList();
        if (records.Count == 0 || records[0].Fields.All(string.IsNullOrWhiteSpace))
        {
            errors.Add(new RosterError(file, 1, "", "The file is empty; it needs a header line naming its columns."));
            return new CsvTable(file, [], []);
        }
        var header = records[0].Fields.Select((f, i) => i == 0 ? f.TrimStart('\uFEFF').Trim() : f.Trim()).ToList();
        var rows = new List<CsvRow>();
        foreach (var record in records.Skip(1))
        {
            if (record.Problem is { } problem)
            {
                errors.Add(new RosterError(file, record.Line, "", problem));
                continue;
            }
            if (record.Fields.Count == 1 && record.Fields[0].Length == 0)
            {
                continue; // a blank line
            }
            if (record.Fields.Count != header.Count)
            {
                errors.Add(new RosterError(file, record.Line, "", $"The row has {record.Fields.Count} fields but the header names {header.Count} columns."));
                continue;
            }
            rows.Add(record);
        }
        return new CsvTable(file, header, rows);
    }

    private static IEnumerable<CsvRow> Records(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var fieldStarted = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"' when !fieldStarted:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    yield return new CsvRow(start, fields, null);
                    fields = [];
                    field.Clear();
                    fieldStarted = false;
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(ch);
                    fieldStarted = true;
                    break;
            }
        }
        if (quoted)
        {
            yield return new CsvRow(start, fields, "A quoted field is not closed before the end of the file.");
            yield break;
        }
        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRow(start, fields, null);
        }
    }
}

/// <summary>One CSV record and the line it starts on; Problem is set when it could not be read.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields, string? Problem);
