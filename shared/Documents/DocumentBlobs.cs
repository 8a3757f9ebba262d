using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using CoP.Shared.Storage;

namespace CoP.Shared.Documents;

/// <summary>
/// The blob side of documents: the accepted files (<c>documents/{documentId}/{fileName}</c>) and the rejected
/// ones (<c>rejected/{documentId}/{fileName}</c>), written by server-side copies so no file passes through here.
/// </summary>
public sealed class DocumentBlobs(BlobServiceClient blobs, StorageNames names, BlobSasIssuer sas)
{
    /// <summary>How long the read SAS that authorises a copy's source works; it never leaves this process.</summary>
    private static readonly TimeSpan CopySourceLifetime = TimeSpan.FromMinutes(30);

    private readonly ProvisionedContainer _documents = new(blobs.GetBlobContainerClient(names.DocumentsContainer));
    private readonly ProvisionedContainer _rejected = new(blobs.GetBlobContainerClient(names.RejectedContainer));

    public BlobServiceClient Service => blobs;

    public async Task<BlobClient> StoredAsync(DocumentEntity document, CancellationToken cancellationToken = default) =>
        (await _documents.GetClientAsync(cancellationToken)).GetBlobClient(document.BlobName);

    public async Task<BlobClient> RejectedAsync(DocumentEntity document, CancellationToken cancellationToken = default) =>
        (await _rejected.GetClientAsync(cancellationToken)).GetBlobClient(document.BlobName);

    /// <summary>Deletes the kept rejected files last written before <paramref name="before"/>; returns how many went.</summary>
    public async Task<int> PurgeRejectedAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var container = await _rejected.GetClientAsync(cancellationToken);
        var deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Properties.LastModified < before
                && await container.GetBlobClient(blob.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>
    /// Copies <paramref name="source"/> as it was at <paramref name="sourceETag"/> to <paramref name="target"/>
    /// and sets the headers it is served with. Copying the same source again gives the same blob, so a retry
    /// is harmless; a source changed since the ETag fails the copy (412) instead of storing unchecked bytes.
    /// </summary>
    public async Task CopyAsync(BlobClient source, ETag sourceETag, BlobClient target, string contentType, string fileName, CancellationToken cancellationToken = default)
    {
        var (sourceUrl, _) = await sas.IssueAsync(source, BlobSasPermissions.Read, CopySourceLifetime, cancellationToken: cancellationToken);
        var copy = await target.StartCopyFromUriAsync(
            sourceUrl,
            new BlobCopyFromUriOptions { SourceConditions = new BlobRequestConditions { IfMatch = sourceETag } },
            cancellationToken);
        await copy.WaitForCompletionAsync(cancellationToken);
        await target.SetHttpHeadersAsync(
            new BlobHttpHeaders { ContentType = contentType, ContentDisposition = AttachmentDisposition(fileName) },
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// "attachment" with the name in both forms (ASCII fallback and RFC 5987 UTF-8): browsers save the file
    /// rather than render it in our origin's context.
    /// </summary>
    public static string AttachmentDisposition(string fileName)
    {
        // Safe file names hold no quote or backslash, but the header must not depend on that: the quoted ASCII fallback
        // replaces them too, with everything that is not printable ASCII; RFC 8187's extended value percent-encodes the
        // UTF-8 bytes of everything but unreserved characters.
        ArgumentNullException.ThrowIfNull(fileName);
        var fallback = string.Concat(fileName.Select(c => c is >= ' ' and < '\u007F' and not '"' and not '\\' ? c : '_'));
        return $"attachment; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}
