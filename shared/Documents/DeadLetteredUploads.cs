using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Storage;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Documents;

/// <summary>
/// Upload events that Event Grid gave up delivering to IngestDocument (30 attempts over 24 hours) and wrote into the
/// dead-letter container: each such blob holds a JSON array of Event Grid events. Reprocessing ingests every upload
/// they name (an upload already ingested, or gone, is a no-op of the ingestion) and then deletes the dead-letter blob.
/// A blob that is not such an array is left for an operator and logged.
/// </summary>
public sealed partial class DeadLetteredUploads(DocumentBlobs blobs, StorageNames names, DocumentIngestionService ingestion, ILogger<DeadLetteredUploads> logger)
{
    /// <summary>A dead-letter blob holds one delivery batch (up to a few events); anything bigger is not one.</summary>
    public const int MaxBlobBytes = 1024 * 1024;

    private const string BlobCreated = "Microsoft.Storage.BlobCreated";

    /// <summary>Reprocesses every dead-letter blob; answers how many uploads were handed to ingestion and how many blobs were left.</summary>
    public async Task<(int Uploads, int Left)> ReprocessAsync(CancellationToken cancellationToken = default)
    {
        var container = blobs.Service.GetBlobContainerClient(names.DeadLetterContainer);
        var subjectPrefix = $"/blobServices/default/containers/{names.UploadsContainer}/blobs/";
        var (uploads, left) = (0, 0);
        try
        {
            await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                var blob = container.GetBlobClient(item.Name);
                if (item.Properties.ContentLength is > MaxBlobBytes || ReadUploads(await blob.DownloadContentAsync(cancellationToken), subjectPrefix) is not { } named)
                {
                    LogNotAnEventBatch(logger, item.Name);
                    left++;
                    continue;
                }

                foreach (var name in named)
                {
                    await ingestion.IngestAsync(names.UploadsContainer, name, cancellationToken);
                    uploads++;
                }

                await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // The container does not exist (locally, before anything was ever dead-lettered): nothing to do.
        }

        if (uploads > 0 || left > 0)
        {
            LogReprocessed(logger, uploads, left);
        }

        return (uploads, left);
    }

    /// <summary>The upload blob names of the BlobCreated events in one dead-letter blob; null when it is not an event array.</summary>
    private static List<string>? ReadUploads(Response<BlobDownloadResult> content, string subjectPrefix)
    {
        try
        {
            using var document = JsonDocument.Parse(content.Value.Content.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var uploads = new List<string>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("eventType", out var type) && type.ValueEquals(BlobCreated)
                    && item.TryGetProperty("subject", out var subject) && subject.GetString() is { } text
                    && text.StartsWith(subjectPrefix, StringComparison.Ordinal) && text.Length > subjectPrefix.Length)
                {
                    uploads.Add(text[subjectPrefix.Length..]);
                }
            }

            return uploads;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Dead-lettered upload events: {Uploads} uploads handed to ingestion, {Left} blobs left for an operator")]
    private static partial void LogReprocessed(ILogger logger, int uploads, int left);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Dead-letter blob {BlobName} is not a batch of Event Grid events; it is left where it is")]
    private static partial void LogNotAnEventBatch(ILogger logger, string blobName);
}
