using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using CoP.Shared.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>What a member needs to upload: where, how, until when.</summary>
public sealed record UploadTicket(string DocumentId, Uri UploadUrl, DateTimeOffset ExpiresOn, IReadOnlyDictionary<string, string> Headers, long MaxBytes);

/// <summary>Records a pending document and hands out a write-only SAS URL for exactly its upload blob.</summary>
public sealed partial class DocumentUploadService(
    DocumentStore store,
    BlobServiceClient blobs,
    StorageNames names,
    BlobSasIssuer sas,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<DocumentUploadService> logger)
{
    private readonly ProvisionedContainer _uploads = new(blobs.GetBlobContainerClient(names.UploadsContainer));

    public async Task<UploadTicket> RequestAsync(string memberId, DocumentDraft draft, CancellationToken cancellationToken = default)
    {
        var document = DocumentEntity.FromDraft(DocumentStore.NewDocumentId(), memberId, draft, time.GetUtcNow());
        await store.AddAsync(document, cancellationToken);

        var container = await _uploads.GetClientAsync(cancellationToken);
        var blob = container.GetBlobClient(document.BlobName);

        // Create and write only: the member can neither read the upload back, nor list, nor delete.
        var (url, expiresOn) = await sas.IssueAsync(blob, BlobSasPermissions.Create | BlobSasPermissions.Write, options.Value.UploadSasLifetime, cancellationToken: cancellationToken);
        LogUploadRequested(logger, document.DocumentId, memberId, draft.Bytes);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x-ms-blob-type"] = "BlockBlob",
            ["Content-Type"] = draft.Kind.ContentType,
        };
        return new UploadTicket(document.DocumentId, url, expiresOn, headers, options.Value.MaxUploadBytes);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Upload {DocumentId} requested by member {MemberId} ({DeclaredBytes} bytes declared)")]
    private static partial void LogUploadRequested(ILogger logger, string documentId, string memberId, long declaredBytes);
}
