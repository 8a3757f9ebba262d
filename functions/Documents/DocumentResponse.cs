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
    public static DocumentResponse From(PublishedDocument document) => new(
        document.DocumentId, document.Title, document.Description, document.Topics, document.DocumentType, document.Country, document.Language,
        document.Year, document.ProjectName, document.Licence, document.FileName, document.ContentType, document.Bytes, document.PublishedAt,
        Download(document.DocumentId));

    private static string Download(string documentId) => $"/api/documents/{documentId}/content";
}
