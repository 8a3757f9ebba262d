using System.Globalization;
using Azure.Storage.Sas;
using CoP.Shared.DomainEvents.Sources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>The outcome of an operator's review.</summary>
public abstract record ReviewResult
{
    private ReviewResult()
    {
    }

    public sealed record Published : ReviewResult;

    public sealed record Rejected : ReviewResult;

    public sealed record NotFound : ReviewResult;

    /// <summary>The document is not waiting for review (already decided, or not uploaded yet).</summary>
    public sealed record NotPendingReview : ReviewResult;

    /// <summary>Someone else changed it at the same moment.</summary>
    public sealed record Conflict : ReviewResult;
}

/// <summary>A published document as the public catalog shows it (never the uploader).</summary>
public sealed record PublishedDocument(
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
    long Bytes,
    DateTimeOffset PublishedAt)
{
    internal static PublishedDocument From(DocumentIndexEntity row) => new(
        row.DocumentId, row.Title, row.Description, row.Topics.Split(',', StringSplitOptions.RemoveEmptyEntries), row.DocumentType, row.Country,
        row.Language, row.Year, row.ProjectName, row.Licence, row.FileName, row.ContentType, row.Bytes, row.PublishedAt);

    internal static PublishedDocument From(DocumentEntity document) => new(
        document.DocumentId, document.Title, document.Description, document.TopicList, document.DocumentType, document.Country, document.Language,
        document.Year, document.ProjectName, document.Licence, document.FileName, document.ContentType ?? "", document.Bytes ?? 0,
        document.PublishedAt ?? document.DecidedAt ?? document.CreatedAt);
}

/// <summary>The public catalog (published documents only) and the operators' review of pending ones.</summary>
public sealed partial class DocumentCatalog(
    DocumentStore store,
    DocumentBlobs blobs,
    BlobSasIssuer sas,
    DocumentOutcomeNotifier notifier,
    DocumentNews news,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<DocumentCatalog> logger)
{
    /// <summary>Reads of the index one text search may make before it answers what it found so far.</summary>
    public const int TextSearchPages = 10;

    public async Task<(IReadOnlyList<PublishedDocument> Documents, string? ContinuationToken)> ListAsync(
        DocumentFilter filter, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Text is not { } text)
        {
            var (rows, next) = await store.ListPublishedAsync(filter, continuationToken, pageSize, cancellationToken);
            return (rows.Select(PublishedDocument.From).ToList(), next);
        }

        // Table storage has no text search: the pages of the filter's partition are read in order and their rows
        // matched here, whole pages at a time so that the continuation never skips a match, and at most
        // TextSearchPages reads per request (the next page link goes on from there).
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var found = new List<PublishedDocument>();
        var token = continuationToken;
        for (var read = 0; read < TextSearchPages && found.Count < pageSize; read++)
        {
            var (rows, next) = await store.ListPublishedAsync(filter, token, pageSize, cancellationToken);
            found.AddRange(rows.Where(row => words.All(word => Holds(row, word))).Select(PublishedDocument.From));
            token = next;
            if (token is null)
            {
                break;
            }
        }

        return (found, token);
    }

    // Case and accents aside ("sahel" finds "Sáhel").
    private static bool Holds(DocumentIndexEntity row, string word) =>
        new[] { row.Title, row.Description, row.ProjectName }.Any(field =>
            field is not null && CultureInfo.InvariantCulture.CompareInfo.IndexOf(field, word, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0);

    /// <summary>A published document, or null (unknown, pending, rejected and duplicate ones alike).</summary>
    public async Task<PublishedDocument?> GetPublishedAsync(string documentId, CancellationToken cancellationToken = default) =>
        await PublishedRowAsync(documentId, cancellationToken) is { } document ? PublishedDocument.From(document) : null;

    /// <summary>A short-lived read SAS URL of a published document's file, or null.</summary>
    public async Task<Uri?> DownloadUrlAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var document = await PublishedRowAsync(documentId, cancellationToken);
        if (document is null)
        {
            return null;
        }

        var blob = await blobs.StoredAsync(document, cancellationToken);
        var (url, _) = await sas.IssueAsync(
            blob,
            BlobSasPermissions.Read,
            options.Value.DownloadSasLifetime,
            builder =>
            {
                builder.ContentType = document.ContentType;
                builder.ContentDisposition = DocumentBlobs.AttachmentDisposition(document.FileName);
            },
            cancellationToken);
        return url;
    }

    public async Task<ReviewResult> ReviewAsync(string documentId, ReviewDecision review, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(review);
        var (approve, note) = (review.Approve, review.Note);
        var document = await store.GetAsync(documentId, cancellationToken);
        if (document is null)
        {
            return new ReviewResult.NotFound();
        }

        var decision = approve ? DocumentStatus.Published : DocumentStatus.Rejected;
        if (document.DocumentStatus == decision && (approve || document.Rejection == nameof(RejectionReason.RejectedByReview)))
        {
            // The same decision again (a retry after a failure half-way): finish what may be left undone.
            await CompleteReviewAsync(document, approve, note, cancellationToken);
            return approve ? new ReviewResult.Published() : new ReviewResult.Rejected();
        }

        if (document.DocumentStatus != DocumentStatus.PendingReview)
        {
            return new ReviewResult.NotPendingReview();
        }

        var now = time.GetUtcNow();
        document.DecidedAt = now;

        // The pending-review email went out at ingestion; this decision gets its own.
        document.OutcomeEmailedAt = null;
        if (approve)
        {
            document.Status = nameof(DocumentStatus.Published);
            document.PublishedAt = now;
        }
        else
        {
            // Set aside first: if the row update then loses a race, the stored file is still where the winner expects it.
            var stored = await blobs.StoredAsync(document, cancellationToken);
            var properties = await stored.GetPropertiesAsync(cancellationToken: cancellationToken);
            await blobs.CopyAsync(stored, properties.Value.ETag, await blobs.RejectedAsync(document, cancellationToken), "application/octet-stream", document.FileName, cancellationToken);
            document.Status = nameof(DocumentStatus.Rejected);
            document.Rejection = nameof(RejectionReason.RejectedByReview);
        }

        if (!await store.TryReplaceAsync(document, cancellationToken))
        {
            return new ReviewResult.Conflict();
        }

        LogReviewed(logger, document.DocumentId, document.Status);
        await CompleteReviewAsync(document, approve, note, cancellationToken);
        return approve ? new ReviewResult.Published() : new ReviewResult.Rejected();
    }

    private async Task<DocumentEntity?> PublishedRowAsync(string documentId, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(documentId, cancellationToken);
        return document?.DocumentStatus == DocumentStatus.Published ? document : null;
    }

    /// <summary>The steps after a review decision; each is safe to repeat, so a retried review completes them.</summary>
    private async Task CompleteReviewAsync(DocumentEntity document, bool approve, string? note, CancellationToken cancellationToken)
    {
        if (approve)
        {
            await store.IndexPublishedAsync(document, cancellationToken);
            await news.PublishedAsync(document, cancellationToken);
        }
        else
        {
            await (await blobs.StoredAsync(document, cancellationToken)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            await store.ReleaseHashAsync(document, cancellationToken);
        }

        await notifier.NotifyOnceAsync(document, note, cancellationToken);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Document {DocumentId} reviewed: {Status}")]
    private static partial void LogReviewed(ILogger logger, string documentId, string status);
}
