using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Hosting;
using CoP.Shared.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>What one ingestion invocation did.</summary>
public enum IngestionOutcome
{
    Published,
    PendingReview,
    Duplicate,
    Rejected,

    /// <summary>
    /// A redelivery of an upload already decided (or decided meanwhile by the invocation that held the claim): its
    /// remaining steps (index, email, clean-up) were completed.
    /// </summary>
    AlreadyIngested,

    /// <summary>The upload is gone: a redelivery after everything was done.</summary>
    UploadGone,
}

/// <summary>
/// Ingests one uploaded blob (<c>{documentId}/{fileName}</c> in any container, so tests can use their own):
/// checks it, stores it or sets it aside, records the decision and tells the uploader. Idempotent by document id
/// and the upload's ETag: a redelivery, concurrent or after a failure half-way, ends in the same single catalog
/// entry and single email. Failures escape, so the platform retries and finally poisons the blob.
/// </summary>
public sealed partial class DocumentIngestionService(
    DocumentStore store,
    DocumentBlobs blobs,
    DocumentOutcomeNotifier notifier,
    TopicStore topics,
    CommunityMetrics metrics,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<DocumentIngestionService> logger)
{
    /// <summary>Longer than the host's functionTimeout (10 minutes): a live invocation's claim never lapses under it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(12);

    /// <summary>How often an invocation that found the upload claimed looks whether the claimant has finished.</summary>
    public static readonly TimeSpan ClaimPollInterval = TimeSpan.FromSeconds(1);

    public async Task<IngestionOutcome> IngestAsync(string containerName, string blobName, CancellationToken cancellationToken = default)
    {
        var upload = blobs.Service.GetBlobContainerClient(containerName).GetBlobClient(blobName);
        BlobProperties properties;
        try
        {
            properties = (await upload.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            LogUploadGone(logger, containerName);
            return IngestionOutcome.UploadGone;
        }

        var slash = blobName.IndexOf('/', StringComparison.Ordinal);
        var document = slash > 0 ? await store.GetAsync(blobName[..slash], cancellationToken) : null;
        if (document is null && slash > 0)
        {
            document = await TryAdoptPlacedAsync(blobName[..slash], blobName[(slash + 1)..], properties, cancellationToken);
        }

        if (document is { ErasedUploadExpiresAt: not null })
        {
            // Sent through the upload URL of a member erased meanwhile: nobody's document, deleted unread.
            await upload.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken);
            metrics.DocumentsRejected.Add(1, new KeyValuePair<string, object?>("reason", "Erased"));
            return IngestionOutcome.Rejected;
        }

        if (document is null || !string.Equals(document.BlobName, blobName, StringComparison.Ordinal))
        {
            await SetAsideOrphanAsync(upload, properties.ETag, cancellationToken);
            metrics.DocumentsRejected.Add(1, new KeyValuePair<string, object?>("reason", "Orphan"));
            return IngestionOutcome.Rejected;
        }

        // Another invocation may hold the claim. Acknowledging at once could lose the upload if that invocation
        // dies, so this one waits until the claimant has decided (then completes the same remaining steps) or
        // its claim lapses (then takes over); the function timeout bounds the wait, and a timeout is retried.
        while (!document.IsDecided && !await TryClaimAsync(document, properties.ETag, cancellationToken))
        {
            LogClaimedElsewhere(logger, document.DocumentId);
            await Task.Delay(ClaimPollInterval, cancellationToken);
            document = await store.GetAsync(document.DocumentId, cancellationToken)
                ?? throw new InvalidOperationException($"Document {document.DocumentId} vanished during ingestion.");
        }

        if (document.IsDecided)
        {
            // The decision stands: a redelivery completes what a failed invocation left undone; a second PUT of the
            // same upload URL after the decision is discarded with the upload.
            await FinishAsync(document, upload, cancellationToken);
            return IngestionOutcome.AlreadyIngested;
        }

        try
        {
            await DecideAsync(document, upload, properties, cancellationToken);
        }
        catch
        {
            // Releasing the claim lets the platform's retry start over at once instead of waiting out the lease.
            document.ClaimedETag = null;
            document.ClaimedUntil = null;
            await store.TryReplaceAsync(document, CancellationToken.None);
            throw;
        }

        await FinishAsync(document, upload, cancellationToken);
        LogDecided(logger, document.DocumentId, document.Status, document.Rejection, document.Bytes ?? 0);
        if (document.DocumentStatus == DocumentStatus.Published)
        {
            metrics.DocumentsPublished.Add(1);
        }
        else if (document.DocumentStatus == DocumentStatus.Rejected)
        {
            metrics.DocumentsRejected.Add(1, new KeyValuePair<string, object?>("reason", document.Rejection));
        }

        return document.DocumentStatus switch
        {
            DocumentStatus.Published => IngestionOutcome.Published,
            DocumentStatus.PendingReview => IngestionOutcome.PendingReview,
            DocumentStatus.Duplicate => IngestionOutcome.Duplicate,
            _ => IngestionOutcome.Rejected,
        };
    }

    /// <summary>
    /// A file an operator placed in the uploads container directly (storage access, no upload request) carries
    /// its catalog metadata as blob metadata: <c>placedby</c> (who placed it; required), <c>title</c>, <c>topics</c>
    /// (comma-separated slugs), <c>type</c>, <c>language</c> and optionally <c>description</c>, <c>country</c>,
    /// <c>year</c>, <c>project</c>, <c>licence</c>, each percent-encoded (metadata values are ASCII). It is given a
    /// record under the same rules as an upload request and then checked like any upload; without
    /// <c>placedby</c>, or with metadata that breaks a rule, it stays an orphan. Members cannot place files:
    /// their upload URLs are issued only for their own pending records.
    /// </summary>
    private async Task<DocumentEntity?> TryAdoptPlacedAsync(string documentId, string fileName, BlobProperties properties, CancellationToken cancellationToken)
    {
        string? Meta(string key) =>
            properties.Metadata.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { } value
                ? Uri.UnescapeDataString(value)
                : null;

        if (string.IsNullOrWhiteSpace(Meta("placedby")) || !DocumentStore.IsValidDocumentId(documentId))
        {
            return null;
        }

        var fields = new DocumentUploadFields(
            Meta("title"),
            Meta("description"),
            Meta("topics")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Meta("type") ?? "other",
            Meta("country"),
            Meta("language") ?? "en",
            int.TryParse(Meta("year"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) ? year : null,
            Meta("project"),
            Meta("licence"),
            fileName,
            properties.ContentType,
            properties.ContentLength);
        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var draft = DocumentRules.Check(fields, offered, options.Value.MaxUploadBytes, time.GetUtcNow().Year, errors);
        if (draft is null || !string.Equals(draft.FileName, fileName, StringComparison.Ordinal))
        {
            LogPlacedRefused(logger, documentId, string.Join(",", errors.Keys));
            return null;
        }

        var document = DocumentEntity.FromDraft(documentId, "", draft, time.GetUtcNow());
        try
        {
            await store.AddAsync(document, cancellationToken);
            LogPlacedAdopted(logger, documentId);
            return document;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A concurrent delivery of the same blob adopted it first.
            return await store.GetAsync(documentId, cancellationToken);
        }
    }

    private async Task<bool> TryClaimAsync(DocumentEntity document, ETag uploadETag, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (document.ClaimedUntil > now)
        {
            return false;
        }

        // A failed replace means another invocation changed the row first (claimed or decided): re-read and wait.
        document.ClaimedETag = uploadETag.ToString();
        document.ClaimedUntil = now + ClaimLease;
        return await store.TryReplaceAsync(document, cancellationToken);
    }

    private async Task DecideAsync(DocumentEntity document, BlobClient upload, BlobProperties properties, CancellationToken cancellationToken)
    {
        var declared = FileKinds.Find(document.DeclaredContentType)
            ?? throw new InvalidOperationException($"Document {document.DocumentId} declares a type outside the allow-list.");
        var etag = properties.ETag;
        RejectionReason? rejection = null;
        string? sha256 = null;
        if (properties.ContentLength == 0)
        {
            rejection = RejectionReason.Empty;
        }
        else if (properties.ContentLength > options.Value.MaxUploadBytes)
        {
            // Decided from the length alone: an oversized file is never read.
            rejection = RejectionReason.TooLarge;
        }
        else if (properties.ContentLength != document.DeclaredBytes)
        {
            // The upload URL was issued for a file of the declared size; anything else is not that file.
            rejection = RejectionReason.SizeMismatch;
        }
        else
        {
            var inspection = await InspectAsync(upload, etag, cancellationToken);
            if (inspection.Bytes != properties.ContentLength)
            {
                throw new InvalidOperationException($"Document {document.DocumentId}: read {inspection.Bytes} bytes of {properties.ContentLength}; the retry reads again.");
            }

            sha256 = inspection.Sha256;
            var sniffed = ContentInspector.Sniff(inspection);
            if (sniffed == FileKinds.Zip)
            {
                sniffed = await SniffZipAsync(upload, etag, cancellationToken);
            }

            rejection = sniffed == FileKinds.OversizedZipDirectory ? RejectionReason.TooManyEntries
                : FileKinds.Find(sniffed) is null && sniffed != FileKinds.Utf8Text ? RejectionReason.TypeNotAllowed
                : !FileKinds.Matches(sniffed, declared) || !FileKinds.HasExtension(declared, document.FileName) ? RejectionReason.TypeMismatch
                : null;
        }

        var now = time.GetUtcNow();
        document.Bytes = properties.ContentLength;
        document.Sha256 = sha256;
        document.IngestedETag = etag.ToString();
        document.DecidedAt = now;
        document.ClaimedETag = null;
        document.ClaimedUntil = null;
        if (rejection is { } reason)
        {
            // A file of the wrong size is not the file the URL was issued for (and may be huge): it is deleted with the
            // upload, unread; one of the wrong type is kept aside for RejectedRetention, for an operator to look at.
            if (reason is not (RejectionReason.Empty or RejectionReason.TooLarge or RejectionReason.SizeMismatch))
            {
                await blobs.CopyAsync(upload, etag, await blobs.RejectedAsync(document, cancellationToken), "application/octet-stream", document.FileName, cancellationToken);
            }

            document.Status = nameof(DocumentStatus.Rejected);
            document.Rejection = reason.ToString();
        }
        else if (await store.ReserveHashAsync(sha256!, document.DocumentId, cancellationToken) is var original && original != document.DocumentId)
        {
            document.Status = nameof(DocumentStatus.Duplicate);
            document.DuplicateOf = original;
            document.ContentType = FileKinds.ServedContentType(declared);
        }
        else
        {
            document.ContentType = FileKinds.ServedContentType(declared);
            await blobs.CopyAsync(upload, etag, await blobs.StoredAsync(document, cancellationToken), document.ContentType, document.FileName, cancellationToken);
            if (options.Value.ReviewFirst)
            {
                document.Status = nameof(DocumentStatus.PendingReview);
            }
            else
            {
                document.Status = nameof(DocumentStatus.Published);
                document.PublishedAt = now;
            }
        }

        if (!await store.TryReplaceAsync(document, cancellationToken))
        {
            throw new InvalidOperationException($"Document {document.DocumentId} changed while it was being ingested; the retry decides again.");
        }
    }

    /// <summary>The steps after the decision, each safe to repeat: index, email, then removal of the upload.</summary>
    private async Task FinishAsync(DocumentEntity document, BlobClient upload, CancellationToken cancellationToken)
    {
        if (document.DocumentStatus == DocumentStatus.Published)
        {
            await store.IndexPublishedAsync(document, cancellationToken);
        }

        await notifier.NotifyOnceAsync(document, note: null, cancellationToken);
        await upload.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    private static async Task<ContentInspection> InspectAsync(BlobClient upload, ETag etag, CancellationToken cancellationToken)
    {
        var download = await upload.DownloadStreamingAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = etag } }, cancellationToken);
        await using var content = download.Value.Content;
        return await ContentInspector.InspectAsync(content, cancellationToken);
    }

    // A ZIP's directory is at its end: read by range requests, a few KiB, not a second pass over the file.
    private static async Task<string> SniffZipAsync(BlobClient upload, ETag etag, CancellationToken cancellationToken)
    {
        await using var seekable = await upload.OpenReadAsync(
            new BlobOpenReadOptions(allowModifications: false) { BufferSize = 64 * 1024, Conditions = new BlobRequestConditions { IfMatch = etag } },
            cancellationToken);
        return await ContentInspector.SniffZipAsync(seekable, cancellationToken);
    }

    /// <summary>A blob nobody asked to upload (or under a name that does not match its record) is set aside, not ingested.</summary>
    private async Task SetAsideOrphanAsync(BlobClient upload, ETag etag, CancellationToken cancellationToken)
    {
        var orphan = new DocumentEntity { PartitionKey = "orphans", FileName = upload.Name.Replace('/', '-') };
        await blobs.CopyAsync(upload, etag, await blobs.RejectedAsync(orphan, cancellationToken), "application/octet-stream", orphan.FileName, cancellationToken);
        await upload.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        LogOrphan(logger, upload.BlobContainerName, RejectionReason.NoPendingUpload);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Document {DocumentId} ingested: {Status} {Rejection} ({Bytes} bytes)")]
    private static partial void LogDecided(ILogger logger, string documentId, string status, string? rejection, long bytes);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Document {DocumentId}: another invocation is ingesting this upload; waiting for it")]
    private static partial void LogClaimedElsewhere(ILogger logger, string documentId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Upload in {Container} is gone: already ingested")]
    private static partial void LogUploadGone(ILogger logger, string container);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Upload in {Container} set aside: {Reason}")]
    private static partial void LogOrphan(ILogger logger, string container, RejectionReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {DocumentId} was placed by an operator and taken into the catalog's checks")]
    private static partial void LogPlacedAdopted(ILogger logger, string documentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document {DocumentId} was placed by an operator with metadata that breaks the rules ({Fields}); it is set aside")]
    private static partial void LogPlacedRefused(ILogger logger, string documentId, string fields);
}
