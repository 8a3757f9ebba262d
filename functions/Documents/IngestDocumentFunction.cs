using Azure.Storage.Blobs;
using CoP.Shared.Documents;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// Blob trigger on uploads/{documentId}/{fileName}, fed by Event Grid (the source Flex Consumption supports).
/// Binds a <see cref="BlobClient"/>, not the content: the service streams the file itself. The container and
/// name come from the bound client, so the service works on any container (tests use prefixed ones).
/// Connection <c>UploadsStorage</c>: a connection string locally, <c>UploadsStorage__*</c> identity settings in Azure.
/// </summary>
public sealed class IngestDocumentFunction(DocumentIngestionService ingestion)
{
    [Function(nameof(IngestDocument))]
    public async Task IngestDocument(
        [BlobTrigger("uploads/{documentId}/{fileName}", Source = BlobTriggerSource.EventGrid, Connection = "UploadsStorage")] BlobClient upload,
        CancellationToken cancellationToken)
    {
        await ingestion.IngestAsync(upload.BlobContainerName, upload.Name, cancellationToken);
    }
}
