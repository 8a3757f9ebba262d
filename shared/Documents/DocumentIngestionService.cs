using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Hosting;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Documents;

/// <summary>What one ingestion invocation did.</summary>
public abstract record IngestionResult
{
    private IngestionResult()
    {
    }

    public sealed record Published(string DocumentId) : IngestionResult;

    public sealed record PendingReview(string DocumentId) : IngestionResult;

    /// <summary>The same bytes as an earlier document, <paramref name="DuplicateOf"/>.</summary>
    public sealed record Duplicate(string DocumentId, string? DuplicateOf) : IngestionResult;

    /// <summary>
    /// Not taken into the catalog: a file that breaks a rule (kept aside or deleted), one nobody asked to upload
    /// (<see cref="RejectionReason.NoPendingUpload"/>, no document id), or one sent for a member erased meanwhile
    /// (<c>Erased</c>).
    /// </summary>
    public sealed record Rejected(string? DocumentId, string Reason) : IngestionResult;

    /// <summary>
    /// A redelivery of an upload already decided (or decided meanwhile by the invocation that held the claim): its
    /// remaining steps (index, email, clean-up) were completed.
    /// </summary>
    public sealed record AlreadyIngested(string DocumentId) : IngestionResult;

    /// <summary>The upload is gone: a redelivery after everything was done.</summary>
    public sealed record UploadGone : IngestionResult;
}

/// <summary>
/// Ingests one uploaded blob (<c>{documentId}/{fileName}</c> in any container, so tests can use their own):
/// claims it, has it decided (<see cref="UploadDecider"/>), finishes (index, email, clean-up) and tells the uploader;
/// operator-placed files are first given a record (<see cref="PlacedFileAdoption"/>). Idempotent by document id
/// and the upload's ETag: a redelivery, concurrent or after a failure half-way, ends in the same single catalog
/// entry and single email. Failures escape, so the platform retries and finally poisons the blob.
/// </summary>
public sealed partial class DocumentIngestionService(
    DocumentStore store,
    DocumentBlobs blobs,
    PlacedFileAdoption placedFiles,
    UploadDecider decider,
    DocumentOutcomeNotifier notifier,
    DocumentNews news,
    CommunityMetrics metrics,
    TimeProvider time,
    ILogger<DocumentIngestionService> logger)
{
    /// <summary>Longer than the host's functionTimeout (10 minutes): a live invocation's claim never lapses under it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(12);

    /// <summary>How often an invocation that found the upload claimed looks whether the claimant has finished.</summary>
    public static readonly TimeSpan ClaimPollInterval = TimeSpan.FromSeconds(1);

    public async Task<IngestionResult> IngestAsync(string containerName, string blobName, CancellationToken cancellationToken = default)
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
            return new IngestionResult.UploadGone();
        }

        var slash = blobName.IndexOf('/', StringComparison.Ordinal);
        var document = slash > 0 ? await store.GetAsync(blobName[..slash], cancellationToken) : null;
        if (document is null && slash > 0)
        {
            document = await placedFiles.TryAdoptAsync(blobName[..slash], blobName[(slash + 1)..], properties, cancellationToken);
        }

        if (document is { ErasedUploadExpiresAt: not null })
        {
            // Sent through the upload URL of a member erased meanwhile: nobody's document, deleted unread.
            await upload.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken);
            metrics.DocumentsRejected.Add(1, new KeyValuePair<string, object?>("reason", "Erased"));
            return new IngestionResult.Rejected(document.DocumentId, "Erased");
        }

        if (document is null || !string.Equals(document.BlobName, blobName, StringComparison.Ordinal))
        {
            await SetAsideOrphanAsync(upload, properties.ETag, cancellationToken);
            metrics.DocumentsRejected.Add(1, new KeyValuePair<string, object?>("reason", "Orphan"));
            return new IngestionResult.Rejected(null, nameof(RejectionReason.NoPendingUpload));
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
            return new IngestionResult.AlreadyIngested(document.DocumentId);
        }

        try
        {
            await decider.DecideAsync(document, upload, properties, cancellationToken);
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
            DocumentStatus.Published => new IngestionResult.Published(document.DocumentId),
            DocumentStatus.PendingReview => new IngestionResult.PendingReview(document.DocumentId),
            DocumentStatus.Duplicate => new IngestionResult.Duplicate(document.DocumentId, document.DuplicateOf),
            DocumentStatus.Rejected => new IngestionResult.Rejected(document.DocumentId, document.Rejection ?? ""),
            _ => throw new UnreachableException(),
        };
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

    /// <summary>The steps after the decision, each safe to repeat: index and news, email, then removal of the upload.</summary>
    private async Task FinishAsync(DocumentEntity document, BlobClient upload, CancellationToken cancellationToken)
    {
        if (document.DocumentStatus == DocumentStatus.Published)
        {
            await store.IndexPublishedAsync(document, cancellationToken);
            await news.PublishedAsync(document, cancellationToken);
        }

        await notifier.NotifyOnceAsync(document, note: null, cancellationToken);
        await upload.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
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
}
