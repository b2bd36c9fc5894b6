using System.Globalization;
using System.Text;

namespace StudentCard.Central.Rosters;

/// <summary>
/// A CSV file read by its header (RFC 4180: quoted fields, doubled quotes, line breaks inside
/// quotes, a UTF-8 byte order mark). Rows keep the line they started on, so errors can name it. A field, a record or a row
/// count past <see cref="RosterLimits"/> stops the reading with a <see cref="RosterFileException"/> before it is held.
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

    /// <summary>
    /// Reads a whole file; a broken quote or a row with a wrong field count becomes a row error, not an exception. A file
    /// past <paramref name="limits"/> (the defaults when none are given) throws <see cref="RosterFileException"/>.
    /// </summary>
    public static CsvTable Read(string file, TextReader reader, ICollection<RosterError> errors, RosterLimits? limits = null)
    {
        var records = Records(file, reader, limits ?? new RosterLimits()).ToList();
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

    private static IEnumerable<CsvRow> Records(string file, TextReader reader, RosterLimits limits)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var fieldStarted = false;
        var recordLength = 0;
        var rows = 0;
        int c;
        // Each character is counted before it is kept, so no field or record grows past its limit in memory.
        void Append(char ch)
        {
            if (field.Length >= limits.MaxFieldLength)
            {
                throw new RosterFileException(string.Create(CultureInfo.InvariantCulture,
                    $"The roster file {file} has a field longer than {limits.MaxFieldLength:N0} characters on line {start}; nothing was imported."));
            }
            field.Append(ch);
        }
        void NextRow()
        {
            if (++rows > limits.MaxRows)
            {
                throw new RosterFileException(string.Create(CultureInfo.InvariantCulture,
                    $"The roster file {file} has more than {limits.MaxRows:N0} rows; nothing was imported."));
            }
            recordLength = 0;
        }
        while ((c = reader.Read()) != -1)
        {
            if (++recordLength > limits.MaxLineLength)
            {
                throw new RosterFileException(string.Create(CultureInfo.InvariantCulture,
                    $"The roster file {file} has a line longer than {limits.MaxLineLength:N0} characters on line {start}; nothing was imported."));
            }
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append('"');
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
                    Append(ch);
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
                    NextRow();
                    yield return new CsvRow(start, fields, null);
                    fields = [];
                    field.Clear();
                    fieldStarted = false;
                    line++;
                    start = line;
                    break;
                default:
                    Append(ch);
                    fieldStarted = true;
                    break;
            }
        }
        if (quoted)
        {
            NextRow();
            yield return new CsvRow(start, fields, "A quoted field is not closed before the end of the file.");
            yield break;
        }
        if (fieldStarted || field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            NextRow();
            yield return new CsvRow(start, fields, null);
        }
    }
}

/// <summary>One CSV record and the line it starts on; Problem is set when it could not be read.</summary>
public sealed record CsvRow(int Line, IReadOnlyList<string> Fields, string? Problem);
