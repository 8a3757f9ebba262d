using CoP.Shared.Documents;

namespace CoP.Functions.Documents;

/// <summary>A published document as the API shows it (never the uploader).</summary>
public sealed record DocumentResponse(
    string DocumentId,
    string Title,
    string? Description,
    IReadOnlyList<string> Topics,
    string DocumentType,
    string? Country,
    string Language,
    int? Year,
    string? ProjectName,
    string? Licence,
    string FileName,
    string ContentType,
    long Size,
    DateTimeOffset PublishedAt,
    string DownloadUrl)
{
    public static DocumentResponse From(DocumentIndexEntity row) => new(
        row.DocumentId, row.Title, row.Description, Split(row.Topics), row.DocumentType, row.Country, row.Language, row.Year,
        row.ProjectName, row.Licence, row.FileName, row.ContentType, row.Bytes, row.PublishedAt, Download(row.DocumentId));

    public static DocumentResponse From(DocumentEntity document) => new(
        document.DocumentId, document.Title, document.Description, document.TopicList, document.DocumentType, document.Country, document.Language,
        document.Year, document.ProjectName, document.Licence, document.FileName, document.ContentType ?? "", document.Bytes ?? 0,
        document.PublishedAt ?? document.DecidedAt ?? document.CreatedAt, Download(document.DocumentId));

    private static string[] Split(string topics) => topics.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string Download(string documentId) => $"/api/documents/{documentId}/content";
}
