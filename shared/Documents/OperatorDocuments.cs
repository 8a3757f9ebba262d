using Azure;

namespace CoP.Shared.Documents;

/// <summary>
/// A document as an operator sees it, in any state: every field the uploader typed, the file as ingestion found it (the
/// declared name, type and size until then), and when each step happened. Never the uploader: whether an operator placed
/// it is all it says of who.
/// </summary>
public sealed record DocumentRecord(
    string DocumentId,
    DocumentStatus Status,
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
    long Bytes,
    string? Sha256,
    bool PlacedByOperator,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? RemovedAt)
{
    /// <summary>Whether its file is stored and may be read: waiting for review or published.</summary>
    public bool HasFile => Status is DocumentStatus.PendingReview or DocumentStatus.Published;

    internal static DocumentRecord From(DocumentEntity document) => new(
        document.DocumentId, document.DocumentStatus, document.Title, document.Description, document.TopicList, document.DocumentType, document.Country,
        document.Language, document.Year, document.ProjectName, document.Licence, document.FileName, document.ContentType ?? document.DeclaredContentType,
        document.Bytes ?? document.DeclaredBytes, document.Sha256, document.UploaderId.Length == 0, document.CreatedAt, document.DecidedAt,
        document.PublishedAt, document.RemovedAt);
}

/// <summary>A stored file opened for reading: its safe name, the type it is served with, its length and its bytes (the reader disposes them).</summary>
public sealed record DocumentFile(string FileName, string ContentType, long Bytes, Stream Content);

/// <summary>
/// The documents as the operators' console reads them: the review queue, any document's record, and the file of one
/// waiting for review or published (which the public download never serves before publication). Decisions go through
/// <see cref="DocumentCatalog.ReviewAsync"/> and <see cref="DocumentTakedown.RemoveAsync"/>, as the JSON routes' do.
/// </summary>
public sealed class OperatorDocuments(DocumentStore store, DocumentBlobs blobs)
{
    /// <summary>The documents waiting for review, oldest first.</summary>
    public async Task<IReadOnlyList<DocumentRecord>> ListPendingReviewAsync(CancellationToken cancellationToken = default) =>
        [.. (await store.ListByStatusAsync(DocumentStatus.PendingReview, cancellationToken)).Select(DocumentRecord.From)];

    /// <summary>The document of this id in whatever state, or null (unknown, or not an id).</summary>
    public async Task<DocumentRecord?> GetAsync(string documentId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(documentId, cancellationToken) is { } document ? DocumentRecord.From(document) : null;

    /// <summary>The stored file of a document waiting for review or published, or null (any other state, or its file already gone).</summary>
    public async Task<DocumentFile?> OpenFileAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var document = await store.GetAsync(documentId, cancellationToken);
        if (document is null || !DocumentRecord.From(document).HasFile)
        {
            return null;
        }

        try
        {
            var blob = await blobs.StoredAsync(document, cancellationToken);
            var download = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken)).Value;
            return new DocumentFile(document.FileName, document.ContentType ?? "application/octet-stream", download.Details.ContentLength, download.Content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Taken down or rejected between the read of the record and the read of its file.
            return null;
        }
    }
}
