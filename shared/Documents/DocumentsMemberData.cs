using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Members;
using CoP.Shared.Storage;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>One of a member's documents as their export lists it.</summary>
public sealed record ExportedDocument(
    string DocumentId,
    string Title,
    string FileName,
    string Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? RemovedAt,
    string? RejectionReason);

/// <summary>
/// The documents a member uploaded (section <c>documents</c>). Export lists each with its state. Erase deletes what never
/// became community content (requested, pending, rejected, duplicate and removed uploads: their files in every container,
/// their content hash reservation and their records) and unlinks the member from published documents, which stay in the
/// catalog as the community's (their uploader id is blanked; no name is kept on a document). The per-day upload counts go
/// too. Idempotent: a repeat finds nothing left that names the member.
/// </summary>
public sealed class DocumentsMemberData(
    DocumentStore store, DocumentBlobs blobs, DocumentUploadQuota quota, BlobServiceClient service, StorageNames names,
    IOptions<DocumentOptions> options, TimeProvider time) : IMemberDataHolder
{
    private const int MaxAttempts = 6;

    public string Section => "documents";

    public async Task<object?> ExportAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return (await store.ListByUploaderAsync(member.MemberId, cancellationToken))
            .OrderBy(d => d.CreatedAt)
            .Select(d => new ExportedDocument(d.DocumentId, d.Title, d.FileName, d.Status, d.CreatedAt, d.DecidedAt, d.PublishedAt, d.RemovedAt, d.Rejection))
            .ToList();
    }

    public async Task EraseAsync(MemberEntity member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        foreach (var document in await store.ListByUploaderAsync(member.MemberId, cancellationToken))
        {
            if (document.DocumentStatus == DocumentStatus.Published)
            {
                await UnlinkAsync(document, cancellationToken);
            }
            else
            {
                await DeleteAsync(document, cancellationToken);
            }
        }

        await quota.EraseAsync(member.MemberId, cancellationToken);
    }

    // The record goes last, so that a retry after a failure half-way still finds what is left.
    private async Task DeleteAsync(DocumentEntity document, CancellationToken cancellationToken)
    {
        await store.ReleaseHashAsync(document, cancellationToken);
        var upload = service.GetBlobContainerClient(names.UploadsContainer).GetBlobClient(document.BlobName);
        foreach (var blob in new[] { upload, await blobs.StoredAsync(document, cancellationToken), await blobs.RejectedAsync(document, cancellationToken) })
        {
            await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }

        // An upload URL outlives its record: until it expires, a marker makes ingestion delete what it brings.
        var urlExpiresAt = document.CreatedAt + options.Value.UploadSasLifetime;
        if (document.DocumentStatus == DocumentStatus.AwaitingUpload && urlExpiresAt > time.GetUtcNow())
        {
            await store.MarkErasedUploadAsync(document.DocumentId, urlExpiresAt, cancellationToken);
        }
        else
        {
            await store.DeleteAsync(document.DocumentId, cancellationToken);
        }
    }

    private async Task UnlinkAsync(DocumentEntity document, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            document.UploaderId = "";
            if (await store.TryReplaceAsync(document, cancellationToken))
            {
                return;
            }

            if (await store.GetAsync(document.DocumentId, cancellationToken) is not { } fresh)
            {
                return;
            }

            document = fresh;
        }

        throw new InvalidOperationException($"Document {document.DocumentId} kept changing while its uploader was being unlinked; the retried erase unlinks it.");
    }
}
