using System.Text;
using CsvHelper;

namespace CoP.Shared.Members.Import;

/// <summary>
/// One data row of an import file as written, before any check: its line as a spreadsheet shows it (the header is line
/// 1), each known column's value (null when the file has no such column or the row is short), and what is wrong with
/// the row as CSV (broken quoting, more fields than the header), if anything.
/// </summary>
public sealed record ImportRow(
    int Line,
    string? Email,
    string? Name,
    string? Organization,
    string? Country,
    string? Language,
    string? Topics,
    string? ConsentedAt,
    string? ConsentSource,
    string? Problem);

/// <summary>The rows of an import file, or why the file as a whole cannot be read.</summary>
public abstract record ImportFileRead
{
    private ImportFileRead()
    {
    }

    public sealed record Read(IReadOnlyList<ImportRow> Rows) : ImportFileRead;

    public sealed record Refused(string Message) : ImportFileRead;
}

/// <summary>
/// Reads an import file: UTF-8 (with or without a byte order mark), comma- or semicolon-separated (whichever the header
/// uses), a header row naming the columns (in any case and order; <c>organisation</c> for <c>organization</c>), at
/// most <see cref="MaxBytes"/> and <see cref="MaxRows"/> rows. Whole-file problems refuse the file; a row's own are
/// kept on the row (<see cref="ImportRow.Problem"/>), so that the other rows can still be checked.
/// </summary>
public static class ImportFile
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxRows = 5_000;

    /// <summary>The columns, as the header names them and the row errors name them.</summary>
    public static readonly IReadOnlyList<string> Columns = ["email", "name", "organization", "country", "language", "topics", "consentedAt", "consentSource"];

    public static readonly IReadOnlyList<string> RequiredColumns = ["email", "name", "consentedAt", "consentSource"];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly string KnownColumns = string.Join(", ", Columns);

    /// <summary>Reads at most <see cref="MaxBytes"/> from <paramref name="file"/>: a larger file is refused without being read further.</summary>
    public static async Task<ImportFileRead> ReadAsync(Stream file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return new ImportFileRead.Refused($"The file is larger than {MaxBytes / (1024 * 1024)} MB: split it into smaller files.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Read(buffer.ToArray());
    }

    public static ImportFileRead Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return new ImportFileRead.Refused("The file is not UTF-8 text: save it as CSV (UTF-8) and try again.");
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return new ImportFileRead.Refused("The file is not a text file: save it as CSV (UTF-8) and try again.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new ImportFileRead.Refused("The file is empty: it needs a header row and a row per member.");
        }

        var malformed = new HashSet<long>();
        var options = new CsvReaderOptions
        {
            Separator = SeparatorOf(text),
            SkipEmptyLines = false,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            IncludeValuesInExceptions = false,
            OnMalformedRecord = record => malformed.Add(record.RecordNumber),
        };
        using var reader = CsvReader.FromText(text, options);
        reader.ReadHeader();
        if (HeaderProblem(reader.Headers, out var positions) is { } problem)
        {
            return new ImportFileRead.Refused(problem);
        }

        var rows = new List<ImportRow>();
        while (reader.Read())
        {
            var fields = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
            if (fields.All(string.IsNullOrWhiteSpace))
            {
                continue; // A blank line: it still counts as a line, through the row number.
            }

            if (rows.Count == MaxRows)
            {
                return new ImportFileRead.Refused($"The file has more than {MaxRows} rows: split it into smaller files.");
            }

            var line = checked((int)reader.RowNumber + 1);
            var rowProblem = malformed.Contains(line) ? "The row's quotes are not balanced."
                : fields.Skip(reader.Headers.Count).Any(field => !string.IsNullOrWhiteSpace(field)) ? "The row has more fields than the header has columns."
                : null;
            string? Value(string column) => positions.TryGetValue(column, out var at) && at < fields.Length ? fields[at] : null;
            rows.Add(new ImportRow(
                line, Value("email"), Value("name"), Value("organization"), Value("country"), Value("language"), Value("topics"),
                Value("consentedAt"), Value("consentSource"), rowProblem));
        }

        return new ImportFileRead.Read(rows);
    }

    /// <summary>A semicolon when the header line uses it rather than commas (as spreadsheets in many locales save CSV), else a comma.</summary>
    private static char SeparatorOf(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        var header = end < 0 ? text : text[..end];
        return header.Count(c => c == ';') > header.Count(c => c == ',') ? ';' : ',';
    }

    /// <summary>
    /// What is wrong with the header, or null with each known column's position. The messages name the header's cells
    /// only by position: a file without a header has an address where a column name should be.
    /// </summary>
    private static string? HeaderProblem(IReadOnlyList<string> header, out Dictionary<string, int> positions)
    {
        positions = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!header.Any(name => ColumnOf(name) is not null))
        {
            return $"The first row must be the header, naming the columns: {KnownColumns}.";
        }

        for (var i = 0; i < header.Count; i++)
        {
            if (ColumnOf(header[i]) is not { } column)
            {
                return $"Column {i + 1} of the header is not one the import knows: the columns are {KnownColumns}.";
            }

            if (!positions.TryAdd(column, i))
            {
                return $"The header names the column {column} twice.";
            }
        }

        var found = positions;
        var missing = RequiredColumns.Where(c => !found.ContainsKey(c)).ToList();
        return missing.Count == 0 ? null : $"The header lacks the column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.";
    }

    /// <summary>The column a header cell names, in any case; <c>organisation</c> is <c>organization</c>.</summary>
    private static string? ColumnOf(string name)
    {
        var trimmed = name.Trim();
        return string.Equals(trimmed, "organisation", StringComparison.OrdinalIgnoreCase)
            ? "organization"
            : Columns.FirstOrDefault(c => string.Equals(c, trimmed, StringComparison.OrdinalIgnoreCase));
    }
}
