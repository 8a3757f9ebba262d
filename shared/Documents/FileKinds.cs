using System.Collections.Frozen;

namespace CoP.Shared.Documents;

/// <summary>A kind of file the catalog accepts: its media type and the extensions that may carry it.</summary>
public sealed record FileKind(string ContentType, string[] Extensions, bool IsText = false);

/// <summary>
/// The allow-list of file kinds. Legacy binary Office formats, archives, executables, SVG and HTML are left
/// out on purpose: they carry macros or scripts, or hide other files.
/// </summary>
public static class FileKinds
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Odt = "application/vnd.oasis.opendocument.text";
    public const string Ods = "application/vnd.oasis.opendocument.spreadsheet";
    public const string Odp = "application/vnd.oasis.opendocument.presentation";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string WebP = "image/webp";
    public const string Mp4 = "video/mp4";
    public const string Csv = "text/csv";
    public const string PlainText = "text/plain";

    /// <summary>What the sniffer reports for UTF-8 text: CSV or plain text, told apart by the declared type.</summary>
    public const string Utf8Text = "text/*";

    public const string Zip = "application/zip";

    /// <summary>What the sniffer reports for a ZIP whose directory is beyond <see cref="ZipDirectory"/>'s bounds: never read further.</summary>
    public const string OversizedZipDirectory = "application/zip; directory=oversized";
    public const string Unknown = "application/octet-stream";

    public static readonly IReadOnlyList<FileKind> Allowed =
    [
        new(Pdf, [".pdf"]),
        new(Docx, [".docx"]),
        new(Xlsx, [".xlsx"]),
        new(Pptx, [".pptx"]),
        new(Odt, [".odt"]),
        new(Ods, [".ods"]),
        new(Odp, [".odp"]),
        new(Png, [".png"]),
        new(Jpeg, [".jpg", ".jpeg"]),
        new(Gif, [".gif"]),
        new(WebP, [".webp"]),
        new(Mp4, [".mp4", ".m4v"]),
        new(Csv, [".csv"], IsText: true),
        new(PlainText, [".txt", ".md"], IsText: true),
    ];

    private static readonly FrozenDictionary<string, FileKind> ByContentType =
        Allowed.ToFrozenDictionary(k => k.ContentType, StringComparer.OrdinalIgnoreCase);

    /// <summary>The allowed kind of a media type (parameters such as charset ignored), or null.</summary>
    public static FileKind? Find(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        return mediaType is not null && ByContentType.TryGetValue(mediaType, out var kind) ? kind : null;
    }

    public static bool HasExtension(FileKind kind, string fileName) =>
        kind.Extensions.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether the sniffed type is the declared kind (text is text, whether CSV or plain).</summary>
    public static bool Matches(string sniffed, FileKind declared) =>
        declared.IsText ? sniffed == Utf8Text : string.Equals(sniffed, declared.ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Content-Type a stored file is served with.</summary>
    public static string ServedContentType(FileKind kind) => kind.IsText ? kind.ContentType + "; charset=utf-8" : kind.ContentType;
}
