using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Documents;

/// <summary>
/// Documents, their listing index and their content hashes in Table Storage. Expected outcomes (row changed
/// concurrently, already there) are return values; anything else escapes.
/// </summary>
public sealed class DocumentStore(TableServiceClient tables, StorageNames names)
{
    public const string AllPartition = "all";

    private const int MaxReserveAttempts = 8;

    private readonly ProvisionedTable _documents = new(tables, names.Documents);
    private readonly ProvisionedTable _index = new(tables, names.DocumentIndex);
    private readonly ProvisionedTable _hashes = new(tables, names.DocumentHashes);

    public static bool IsValidDocumentId(string? documentId) =>
        documentId is { Length: 32 } && documentId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string NewDocumentId() => Guid.NewGuid().ToString("N");

    public async Task<DocumentEntity?> GetAsync(string documentId, CancellationToken cancellationToken = default)
    {
        if (!IsValidDocumentId(documentId))
        {
            return null;
        }

        var table = await _documents.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<DocumentEntity>(documentId, DocumentEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public async Task AddAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        var response = await table.AddEntityAsync(document, cancellationToken);
        document.ETag = response.Headers.ETag ?? document.ETag;
    }

    /// <summary>Replaces a document read earlier; false when it changed or vanished since (ETag).</summary>
    public async Task<bool> TryReplaceAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(document, cancellationToken);
    }

    /// <summary>
    /// Reserves the content hash for <paramref name="documentId"/> as its decision is made: an insert that only one
    /// writer wins, so of identical files decided at once exactly one is catalogued. Returns the holder: this document,
    /// or the one (published, awaiting review, or being decided) whose copy this is. A reservation whose holder no longer
    /// holds the content (rejected, removed, erased, with the release lost to a crash) is taken over.
    /// </summary>
    public async Task<string> ReserveHashAsync(string sha256, string documentId, CancellationToken cancellationToken = default)
    {
        var hashes = await _hashes.GetClientAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxReserveAttempts; attempt++)
        {
            if (await hashes.TryAddAsync(new DocumentHashEntity { PartitionKey = sha256, DocumentId = documentId }, cancellationToken))
            {
                return documentId;
            }

            var row = await hashes.GetEntityIfExistsAsync<DocumentHashEntity>(sha256, DocumentHashEntity.Row, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                continue;
            }

            var holder = row.Value!;
            if (holder.DocumentId == documentId
                || (await GetAsync(holder.DocumentId, cancellationToken))?.DocumentStatus is DocumentStatus.Published or DocumentStatus.PendingReview or DocumentStatus.AwaitingUpload)
            {
                return holder.DocumentId;
            }

            await DeleteIfUnchangedAsync(hashes, holder, cancellationToken);
        }

        throw new InvalidOperationException($"The content hash of document {documentId} kept changing hands; the retry reserves it again.");
    }

    /// <summary>Releases the document's content hash if it holds it (it was rejected or removed): a later copy may be catalogued.</summary>
    public async Task ReleaseHashAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Sha256 is null)
        {
            return;
        }

        var hashes = await _hashes.GetClientAsync(cancellationToken);
        var row = await hashes.GetEntityIfExistsAsync<DocumentHashEntity>(document.Sha256, DocumentHashEntity.Row, cancellationToken: cancellationToken);
        if (row.HasValue && row.Value!.DocumentId == document.DocumentId)
        {
            await DeleteIfUnchangedAsync(hashes, row.Value, cancellationToken);
        }
    }

    /// <summary>Lists a published document: its index rows. Upserts, so a retry after a failure half-way completes the set.</summary>
    public async Task IndexPublishedAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        var index = await _index.GetClientAsync(cancellationToken);
        foreach (var partition in IndexPartitions(document))
        {
            await index.UpsertEntityAsync(IndexRow(document, partition), TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Takes a published document out of every listing (and so out of the newsletter). Safe to repeat.</summary>
    public async Task UnindexAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.PublishedAt is null)
        {
            return;
        }

        var index = await _index.GetClientAsync(cancellationToken);
        foreach (var partition in IndexPartitions(document))
        {
            await DeleteRowAsync(index, partition, IndexRowKey(document), cancellationToken);
        }
    }

    /// <summary>
    /// Replaces a record by a marker that holds only its id and when its upload URL expires (an erased member's record
    /// whose URL still works): see <see cref="DocumentEntity.ErasedUploadExpiresAt"/>.
    /// </summary>
    public async Task MarkErasedUploadAsync(string documentId, DateTimeOffset urlExpiresAt, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        var marker = new DocumentEntity { PartitionKey = documentId, Status = nameof(DocumentStatus.Removed), ErasedUploadExpiresAt = urlExpiresAt };
        await table.UpsertEntityAsync(marker, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes the markers of erased uploads whose URL expired before <paramref name="before"/>; answers how many.</summary>
    public async Task<int> PurgeErasedUploadMarkersAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter<DocumentEntity>(d => d.ErasedUploadExpiresAt < before);
        await foreach (var marker in table.QueryAsync<DocumentEntity>(filter, select: [nameof(DocumentEntity.PartitionKey), nameof(DocumentEntity.RowKey)], cancellationToken: cancellationToken))
        {
            await DeleteRowAsync(table, marker.PartitionKey, marker.RowKey, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    /// <summary>Deletes a document's record (an erased member's upload that never became community content).</summary>
    public async Task DeleteAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        await DeleteRowAsync(table, documentId, DocumentEntity.Row, cancellationToken);
    }

    /// <summary>
    /// Every document a member uploaded. A filtered scan of the table (no index by uploader): it serves only a member's
    /// export and erase, rare requests, and it cannot miss a record as an index written beside it could.
    /// </summary>
    public async Task<IReadOnlyList<DocumentEntity>> ListByUploaderAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        var found = new List<DocumentEntity>();
        await foreach (var document in table.QueryAsync<DocumentEntity>(TableClient.CreateQueryFilter($"UploaderId eq {memberId}"), cancellationToken: cancellationToken))
        {
            found.Add(document);
        }

        return found;
    }

    /// <summary>Every document in <paramref name="status"/>, oldest first (the console's review queue): a filtered scan, as above.</summary>
    public async Task<IReadOnlyList<DocumentEntity>> ListByStatusAsync(DocumentStatus status, CancellationToken cancellationToken = default)
    {
        var table = await _documents.GetClientAsync(cancellationToken);
        var found = await table.QueryAsync<DocumentEntity>(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"), cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return [.. found.OrderBy(document => document.CreatedAt)];
    }

    /// <summary>One page of published documents, newest first, reading a single index partition.</summary>
    public async Task<(IReadOnlyList<DocumentIndexEntity> Documents, string? ContinuationToken)> ListPublishedAsync(
        DocumentFilter filter, string? continuationToken, int pageSize, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        var query = table.QueryAsync<DocumentIndexEntity>(QueryFilter(filter), pageSize, cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages(continuationToken, pageSize))
        {
            return (page.Values, page.ContinuationToken);
        }

        return ([], null);
    }

    public static IEnumerable<string> IndexPartitions(DocumentEntity document)
    {
        yield return AllPartition;
        foreach (var topic in document.TopicList)
        {
            yield return "topic-" + topic;
        }

        yield return "type-" + document.DocumentType;
        if (document.Country is not null)
        {
            yield return "country-" + document.Country;
        }

        yield return "language-" + document.Language;
    }

    // The most selective filter picks the partition; the others are conditions on that partition's rows.
    private static string QueryFilter(DocumentFilter filter)
    {
        var (partition, used) = filter switch
        {
            { Topic: { } topic } => ("topic-" + topic, nameof(filter.Topic)),
            { DocumentType: { } type } => ("type-" + type, nameof(filter.DocumentType)),
            { Country: { } country } => ("country-" + country, nameof(filter.Country)),
            { Language: { } language } => ("language-" + language, nameof(filter.Language)),
            _ => (AllPartition, ""),
        };
        var conditions = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partition}") };
        if (filter.DocumentType is { } documentType && used != nameof(filter.DocumentType))
        {
            conditions.Add(TableClient.CreateQueryFilter($"DocumentType eq {documentType}"));
        }

        if (filter.Country is { } countryCode && used != nameof(filter.Country))
        {
            conditions.Add(TableClient.CreateQueryFilter($"Country eq {countryCode}"));
        }

        if (filter.Language is { } languageCode && used != nameof(filter.Language))
        {
            conditions.Add(TableClient.CreateQueryFilter($"Language eq {languageCode}"));
        }

        return string.Join(" and ", conditions);
    }

    private static string IndexRowKey(DocumentEntity document) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - document.PublishedAt!.Value.UtcTicks:D19}-{document.DocumentId}";

    private static async Task DeleteIfUnchangedAsync(TableClient table, DocumentHashEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Taken over or released by someone else meanwhile.
        }
    }

    private static async Task DeleteRowAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone: a repeat.
        }
    }

    private static DocumentIndexEntity IndexRow(DocumentEntity document, string partition) => new()
    {
        PartitionKey = partition,
        RowKey = IndexRowKey(document),
        DocumentId = document.DocumentId,
        Title = document.Title,
        Description = document.Description,
        Topics = document.Topics,
        DocumentType = document.DocumentType,
        Country = document.Country,
        Language = document.Language,
        Year = document.Year,
        ProjectName = document.ProjectName,
        Licence = document.Licence,
        FileName = document.FileName,
        ContentType = document.ContentType!,
        Bytes = document.Bytes ?? 0,
        PublishedAt = document.PublishedAt!.Value,
    };
}

/// <summary>Filters of the public listing; each null means "any".</summary>
/// <summary>What the catalog lists: documents of a topic, type, country and language, whose title, description or project holds every word of <paramref name="Text"/>.</summary>
public sealed record DocumentFilter(string? Topic = null, string? DocumentType = null, string? Country = null, string? Language = null, string? Text = null);
