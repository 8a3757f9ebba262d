using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>
/// The decision on one upload: published (or waiting for review), a duplicate of earlier bytes, or rejected with a
/// reason. Only the ingestion invocation that holds the upload's claim decides (<see cref="DocumentIngestionService"/>).
/// </summary>
public sealed class UploadDecider(DocumentStore store, DocumentBlobs blobs, IOptions<DocumentOptions> options, TimeProvider time)
{
    /// <summary>
    /// Checks the claimed upload (its length first, then its bytes: hash, sniffed type, a ZIP's directory), stores it or
    /// sets it aside, and records the decision on <paramref name="document"/> under its ETag. Throws when the row or the
    /// upload changed meanwhile: the retry decides again.
    /// </summary>
    public async Task DecideAsync(DocumentEntity document, BlobClient upload, BlobProperties properties, CancellationToken cancellationToken)
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
}
