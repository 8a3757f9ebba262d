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

    /// <summary>The published document with these bytes, if any.</summary>
    public async Task<string?> FindPublishedByHashAsync(string sha256, CancellationToken cancellationToken = default)
    {
        var table = await _hashes.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<DocumentHashEntity>(sha256, DocumentHashEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.DocumentId : null;
    }

    /// <summary>
    /// Lists a published document: its hash and its index rows. Upserts, so a retry after a failure half-way
    /// completes the set; a hash that already names another document keeps naming it.
    /// </summary>
    public async Task IndexPublishedAsync(DocumentEntity document, CancellationToken cancellationToken = default)
    {
        var hashes = await _hashes.GetClientAsync(cancellationToken);
        try
        {
            await hashes.AddEntityAsync(new DocumentHashEntity { PartitionKey = document.Sha256!, DocumentId = document.DocumentId }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // The first published copy stays the one that later duplicates link to.
        }

        var index = await _index.GetClientAsync(cancellationToken);
        foreach (var partition in IndexPartitions(document))
        {
            await index.UpsertEntityAsync(IndexRow(document, partition), TableUpdateMode.Replace, cancellationToken);
        }
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

    private static DocumentIndexEntity IndexRow(DocumentEntity document, string partition) => new()
    {
        PartitionKey = partition,
        RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - document.PublishedAt!.Value.UtcTicks:D19}-{document.DocumentId}",
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
        PublishedAt = document.PublishedAt.Value,
    };
}

/// <summary>Filters of the public listing; each null means "any".</summary>
public sealed record DocumentFilter(string? Topic = null, string? DocumentType = null, string? Country = null, string? Language = null);
