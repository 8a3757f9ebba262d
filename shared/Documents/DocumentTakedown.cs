using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Documents;

/// <summary>
/// The audit of takedowns, table <c>DocumentRemovals</c>: PartitionKey = document id, RowKey = "removal". One row per
/// removed document, written before anything is taken down (the insert decides which of concurrent removals records its
/// reason), never deleted: who removed what, when and why. It names no member: a member's erase leaves it as it is.
/// </summary>
public sealed class DocumentRemovalEntity : ITableEntity
{
    public const string Row = "removal";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>Who removed it: <c>key:{name}</c>, <c>key-sha256:{fingerprint}</c>, <c>operator:{id}</c> (a console operator) or <c>unknown</c> (see <see cref="RemovalRequest"/>).</summary>
    public string RemovedBy { get; set; } = "";

    public DateTimeOffset RemovedAt { get; set; }

    public string Reason { get; set; } = "";

    public bool NotifyUploader { get; set; }

    /// <summary>What was removed, so the audit still says so if the record goes with an erased uploader.</summary>
    public string Title { get; set; } = "";

    public string FileName { get; set; } = "";

    public string? Sha256 { get; set; }

    public string StatusBefore { get; set; } = "";
}

/// <summary>An operator's takedown: why, whether to tell the uploader, and who asked (as the request identified them).</summary>
public sealed record RemovalRequest(string Reason, bool NotifyUploader, string RemovedBy)
{
    /// <summary>A takedown as asked for (the JSON route and the console alike): the reason is required, one paragraph or a few.</summary>
    public static Validated<RemovalRequest> Check(string? reason, bool notifyUploader, string removedBy)
    {
        var errors = new FieldErrors();
        var trimmed = reason?.Trim() ?? "";
        if (trimmed.Length == 0 || trimmed.Length > DocumentTakedown.MaxReasonLength || trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r'))
        {
            errors.Add("reason", $"A reason is required: at most {DocumentTakedown.MaxReasonLength} characters, without control characters.");
        }

        return errors.Result(() => new RemovalRequest(trimmed, notifyUploader, removedBy));
    }
}

/// <summary>A takedown as the audit records it: who, when, why, and whether the uploader is told.</summary>
public sealed record DocumentRemoval(string DocumentId, DateTimeOffset RemovedAt, string RemovedBy, string Reason, bool NotifyUploader);

/// <summary>What a removal did, for the answer.</summary>
public abstract record RemovalResult
{
    private RemovalResult()
    {
    }

    public sealed record Removed(DocumentRemoval Removal) : RemovalResult;

    /// <summary>Removed before: the remaining steps were completed, nothing else changed; the first removal's record.</summary>
    public sealed record AlreadyRemoved(DocumentRemoval Removal) : RemovalResult;

    public sealed record NotFound : RemovalResult;

    /// <summary>Neither published nor waiting for review (not uploaded yet, rejected, a duplicate): nothing to take down.</summary>
    public sealed record NotRemovable : RemovalResult;
}

/// <summary>
/// Takes a published or pending document down: the audit row first, then the record (status <c>Removed</c>, so it is no
/// longer served, reviewed or downloaded), then its listings (and so the newsletter), its file and its content hash (a
/// later upload of the same bytes is judged afresh), and, if asked, one mail to the uploader. Every step is safe to repeat,
/// so a second request (or a retry after a failure half-way) completes the same state and answers the same way.
/// </summary>
public sealed partial class DocumentTakedown(
    TableServiceClient tables,
    StorageNames names,
    DocumentStore store,
    DocumentBlobs blobs,
    DocumentOutcomeNotifier notifier,
    TimeProvider time,
    ILogger<DocumentTakedown> logger)
{
    public const int MaxReasonLength = 500;

    private const int MaxAttempts = 6;

    private readonly ProvisionedTable _removals = new(tables, names.DocumentRemovals);

    public async Task<RemovalResult> RemoveAsync(string documentId, RemovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var table = await _removals.GetClientAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var document = await store.GetAsync(documentId, cancellationToken);
            if (document is null)
            {
                return new RemovalResult.NotFound();
            }

            var recorded = await table.GetEntityIfExistsAsync<DocumentRemovalEntity>(documentId, DocumentRemovalEntity.Row, cancellationToken: cancellationToken);
            if (document.DocumentStatus == DocumentStatus.Removed)
            {
                var audit = recorded is { HasValue: true, Value: { } earlier } ? earlier : await RecordAsync(table, document, request, cancellationToken);
                await CompleteAsync(document, audit, cancellationToken);
                return new RemovalResult.AlreadyRemoved(RemovalOf(audit));
            }

            if (document.DocumentStatus is not (DocumentStatus.Published or DocumentStatus.PendingReview))
            {
                return new RemovalResult.NotRemovable();
            }

            // The first recorded removal stands: a concurrent or repeated request takes over its reason and notice.
            var removal = recorded is { HasValue: true, Value: { } first } ? first : await RecordAsync(table, document, request, cancellationToken);
            document.Status = nameof(DocumentStatus.Removed);
            document.RemovedAt = removal.RemovedAt;
            if (!await store.TryReplaceAsync(document, cancellationToken))
            {
                continue;
            }

            LogRemoved(logger, documentId, removal.StatusBefore, removal.RemovedBy);
            await CompleteAsync(document, removal, cancellationToken);
            return new RemovalResult.Removed(RemovalOf(removal));
        }

        throw new InvalidOperationException($"Document {documentId} kept changing while it was being removed; the retry removes it.");
    }

    private static DocumentRemoval RemovalOf(DocumentRemovalEntity audit) =>
        new(audit.PartitionKey, audit.RemovedAt, audit.RemovedBy, audit.Reason, audit.NotifyUploader);

    private async Task<DocumentRemovalEntity> RecordAsync(TableClient table, DocumentEntity document, RemovalRequest request, CancellationToken cancellationToken)
    {
        var audit = new DocumentRemovalEntity
        {
            PartitionKey = document.DocumentId,
            RemovedBy = request.RemovedBy,
            RemovedAt = time.GetUtcNow(),
            Reason = request.Reason,
            NotifyUploader = request.NotifyUploader,
            Title = document.Title,
            FileName = document.FileName,
            Sha256 = document.Sha256,
            StatusBefore = document.Status,
        };
        if (await table.TryAddAsync(audit, cancellationToken))
        {
            return audit;
        }

        return (await table.GetEntityAsync<DocumentRemovalEntity>(document.DocumentId, DocumentRemovalEntity.Row, cancellationToken: cancellationToken)).Value;
    }

    private async Task CompleteAsync(DocumentEntity document, DocumentRemovalEntity audit, CancellationToken cancellationToken)
    {
        await store.UnindexAsync(document, cancellationToken);
        await (await blobs.StoredAsync(document, cancellationToken)).DeleteIfExistsAsync(Azure.Storage.Blobs.Models.DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        await store.ReleaseHashAsync(document, cancellationToken);
        if (audit.NotifyUploader)
        {
            await notifier.NotifyRemovedAsync(document, audit.Reason, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "Document {DocumentId} ({StatusBefore}) was taken down by {RemovedBy}")]
    private static partial void LogRemoved(ILogger logger, string documentId, string statusBefore, string removedBy);
}
