using System.Diagnostics;
using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Documents;

/// <summary>
/// A file an operator placed in the uploads container directly (storage access, no upload request) carries
/// its catalog metadata as blob metadata: <c>placedby</c> (who placed it; required), <c>title</c>, <c>topics</c>
/// (comma-separated slugs), <c>type</c>, <c>language</c> and optionally <c>description</c>, <c>country</c>,
/// <c>year</c>, <c>project</c>, <c>licence</c>, each percent-encoded (metadata values are ASCII). It is given a
/// record under the same rules as an upload request and then checked like any upload; without
/// <c>placedby</c>, or with metadata that breaks a rule, it stays an orphan. Members cannot place files:
/// their upload URLs are issued only for their own pending records.
/// </summary>
public sealed partial class PlacedFileAdoption(
    DocumentStore store,
    TopicStore topics,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<PlacedFileAdoption> logger)
{
    /// <summary>The record of the placed file <c>{documentId}/{fileName}</c>, new or a concurrent delivery's; null when it is not one.</summary>
    public async Task<DocumentEntity?> TryAdoptAsync(string documentId, string fileName, BlobProperties properties, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(properties);
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
            int.TryParse(Meta("year"), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null,
            Meta("project"),
            Meta("licence"),
            fileName,
            properties.ContentType,
            properties.ContentLength);
        var offered = (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).ToHashSet(StringComparer.Ordinal);
        switch (DocumentRules.Check(fields, offered, options.Value.MaxUploadBytes, time.GetUtcNow().Year))
        {
            case Validated<DocumentDraft>.Invalid { Errors: var errors }:
                LogPlacedRefused(logger, documentId, string.Join(",", errors.Keys));
                return null;
            case Validated<DocumentDraft>.Valid { Value: var draft } when !string.Equals(draft.FileName, fileName, StringComparison.Ordinal):
                LogPlacedRefused(logger, documentId, "fileName");
                return null;
            case Validated<DocumentDraft>.Valid { Value: var draft }:
                return await AddAsync(DocumentEntity.FromDraft(documentId, "", draft, time.GetUtcNow()), cancellationToken);
            default:
                throw new UnreachableException();
        }
    }

    private async Task<DocumentEntity?> AddAsync(DocumentEntity document, CancellationToken cancellationToken)
    {
        try
        {
            await store.AddAsync(document, cancellationToken);
            LogPlacedAdopted(logger, document.DocumentId);
            return document;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // A concurrent delivery of the same blob adopted it first.
            return await store.GetAsync(document.DocumentId, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Document {DocumentId} was placed by an operator and taken into the catalog's checks")]
    private static partial void LogPlacedAdopted(ILogger logger, string documentId);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "Document {DocumentId} was placed by an operator with metadata that breaks the rules ({Fields}); it is set aside")]
    private static partial void LogPlacedRefused(ILogger logger, string documentId, string fields);
}
