using CoP.Shared.Members.Import;

namespace CoP.Functions.Console.Import;

/// <summary>The models of the console's import pages: the upload form (with what was just imported, or why a file was refused) and the preview.</summary>
public static class ImportPage
{
    public const string Upload = "console-import";
    public const string Preview = "console-import-preview";
    public const string Route = $"{ConsoleGate.Home}/members/import";

    /// <summary>Rows of errors a preview shows; a file with more says how many it leaves out.</summary>
    public const int ShownErrors = 1000;

    /// <summary>What an import just did, as the page after it says.</summary>
    public sealed record Done(int Imported, int AlreadyMembers, int Refused, bool Campaign);

    public static object UploadModel(Done? done, string error) => new
    {
        HasDone = done is not null,
        Imported = done?.Imported ?? 0,
        AlreadyMembers = done?.AlreadyMembers ?? 0,
        Refused = done?.Refused ?? 0,
        Campaign = done?.Campaign ?? false,
        Error = error,
        MaxMegabytes = ImportFile.MaxBytes / (1024 * 1024),
        ImportFile.MaxRows,
    };

    public static object PreviewModel(string hash, ImportPreview preview) => new
    {
        Hash = hash,
        preview.TotalRows,
        preview.ToImport,
        preview.AlreadyMembers,
        preview.RefusedRows,
        Errors = preview.Errors.Take(ShownErrors).Select(e => new { e.Line, e.Field, e.Message }).ToArray(),
        MoreErrors = Math.Max(0, preview.Errors.Count - ShownErrors),
    };

    /// <summary>The page after an import: <c>?imported=&amp;already=&amp;refused=</c> (and <c>campaign=yes</c>); a query can only make it show numbers.</summary>
    public static string DoneLocation(ImportCounts counts, bool campaign) =>
        $"{Route}?imported={counts.Imported}&already={counts.AlreadyMembers}&refused={counts.Refused}{(campaign ? "&campaign=yes" : "")}";
}
