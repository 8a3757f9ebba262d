using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using CoP.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>What a member needs to upload: where, how, until when.</summary>
public sealed record UploadTicket(string DocumentId, Uri UploadUrl, DateTimeOffset ExpiresOn, IReadOnlyDictionary<string, string> Headers, long MaxBytes);

/// <summary>An upload request's answer: the ticket, or (over the member's daily allowance) how long until the next day.</summary>
public abstract record UploadRequestResult
{
    private UploadRequestResult()
    {
    }

    /// <summary>The document is recorded as awaiting upload; the ticket says where and how to send it.</summary>
    public sealed record Issued(UploadTicket Ticket) : UploadRequestResult;

    /// <summary>The member has used today's allowance: nothing was recorded.</summary>
    public sealed record AllowanceUsed(TimeSpan RetryAfter) : UploadRequestResult;
}

/// <summary>Records a pending document and hands out a create-only SAS URL for exactly its upload blob.</summary>
public sealed partial class DocumentUploadService(
    DocumentStore store,
    DocumentUploadQuota quota,
    BlobServiceClient blobs,
    StorageNames names,
    BlobSasIssuer sas,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<DocumentUploadService> logger)
{
    private readonly ProvisionedContainer _uploads = new(blobs.GetBlobContainerClient(names.UploadsContainer));

    public async Task<UploadRequestResult> RequestAsync(string memberId, DocumentDraft draft, CancellationToken cancellationToken = default)
    {
        if (await quota.TryAcquireAsync(memberId, cancellationToken) is { } retryAfter)
        {
            LogUploadAllowanceUsed(logger, memberId);
            return new UploadRequestResult.AllowanceUsed(retryAfter);
        }

        var document = DocumentEntity.FromDraft(DocumentStore.NewDocumentId(), memberId, draft, time.GetUtcNow());
        await store.AddAsync(document, cancellationToken);

        var container = await _uploads.GetClientAsync(cancellationToken);
        var blob = container.GetBlobClient(document.BlobName);

        // Create only: one Put Blob of a new blob. Put Block and Put Block List need Write, so the member cannot stage
        // blocks beyond the declared size (nor read the upload back, list, or delete).
        var (url, expiresOn) = await sas.IssueAsync(blob, BlobSasPermissions.Create, options.Value.UploadSasLifetime, cancellationToken: cancellationToken);
        LogUploadRequested(logger, document.DocumentId, memberId, draft.Bytes);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-ms-blob-type"] = "BlockBlob",
            ["Content-Type"] = draft.Kind.ContentType,
        };
        return new UploadRequestResult.Issued(new UploadTicket(document.DocumentId, url, expiresOn, headers, options.Value.MaxUploadBytes));
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Upload {DocumentId} requested by member {MemberId} ({DeclaredBytes} bytes declared)")]
    private static partial void LogUploadRequested(ILogger logger, string documentId, string memberId, long declaredBytes);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Member {MemberId} has used today's upload allowance; request refused")]
    private static partial void LogUploadAllowanceUsed(ILogger logger, string memberId);
}
