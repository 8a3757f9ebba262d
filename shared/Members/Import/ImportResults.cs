namespace CoP.Shared.Members.Import;

/// <summary>A row of the file that cannot be imported: its line as a spreadsheet shows it (the header is line 1), the column, and why. Never the address.</summary>
public sealed record ImportRowError(int Line, string Field, string Message);

/// <summary>
/// What importing a file would do: its rows (blank lines aside), those that would become members, those whose address is
/// a member already (left unchanged), and the rows refused, with their errors (a row can have several).
/// </summary>
public sealed record ImportPreview(int TotalRows, int ToImport, int AlreadyMembers, int RefusedRows, IReadOnlyList<ImportRowError> Errors);

/// <summary>What an import did: members written, rows whose address was a member already (unchanged), rows refused.</summary>
public sealed record ImportCounts(int Imported, int AlreadyMembers, int Refused);

/// <summary>The preview of an import file, or why the file as a whole cannot be read (nothing was looked up).</summary>
public abstract record ImportPreviewResult
{
    private ImportPreviewResult()
    {
    }

    public sealed record Previewed(ImportPreview Preview) : ImportPreviewResult;

    public sealed record FileRefused(string Message) : ImportPreviewResult;
}

/// <summary>What an import did, or why the file as a whole cannot be read (nothing was written).</summary>
public abstract record ImportResult
{
    private ImportResult()
    {
    }

    public sealed record Imported(ImportCounts Counts) : ImportResult;

    public sealed record FileRefused(string Message) : ImportResult;
}

/// <summary>A confirmation mail of a confirmation campaign as it waits in the mail queue: only the member's id.</summary>
public sealed record QueuedImportConfirmation(string MemberId);
