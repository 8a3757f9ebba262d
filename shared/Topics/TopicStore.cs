using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Topics;

/// <summary>The topic catalog in Table Storage, seeded with the default topics on first use.</summary>
public sealed class TopicStore
{
    private const int MaxConcurrencyAttempts = 5;

    /// <summary>
    /// How long this process reuses the active list: every registration validates its topics against it, so
    /// it saves a round trip per request. Changes made through this process show at once; changes made by
    /// another instance within this time.
    /// </summary>
    private static readonly TimeSpan ActiveListLifetime = TimeSpan.FromSeconds(30);

    private readonly ProvisionedTable _table;
    private readonly TimeProvider _time;
    private (DateTimeOffset Expires, IReadOnlyList<Topic> Topics)? _active;

    public TopicStore(TableServiceClient tables, StorageNames names, TimeProvider time)
    {
        _time = time;
        _table = new ProvisionedTable(tables, names.Topics, SeedAsync);
    }

    /// <summary>Topics that are offered now, ordered by name.</summary>
    public async Task<IReadOnlyList<Topic>> ListActiveAsync(CancellationToken cancellationToken = default)
    {
        if (_active is { } cached && cached.Expires > _time.GetUtcNow())
        {
            return cached.Topics;
        }

        var table = await _table.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<TopicEntity>(e => e.PartitionKey == TopicEntity.TopicPartition && e.Retired == false);
        var topics = new List<Topic>();
        await foreach (var entity in table.QueryAsync<TopicEntity>(filter, cancellationToken: cancellationToken))
        {
            topics.Add(entity.ToTopic());
        }

        topics.Sort((a, b) => StringComparer.OrdinalIgnoreCase.Compare(a.Name, b.Name));
        _active = (_time.GetUtcNow() + ActiveListLifetime, topics);
        return topics;
    }

    /// <summary>Every topic, retired ones too, ordered by name (for the console).</summary>
    public async Task<IReadOnlyList<Topic>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        var topics = new List<Topic>();
        await foreach (var entity in table.QueryAsync<TopicEntity>(e => e.PartitionKey == TopicEntity.TopicPartition, cancellationToken: cancellationToken))
        {
            topics.Add(entity.ToTopic());
        }

        return [.. topics.OrderBy(t => t.Retired).ThenBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A topic by slug, retired or not; null when there is none.</summary>
    public async Task<Topic?> FindAsync(string slug, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TopicEntity>(TopicEntity.TopicPartition, slug, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ToTopic() : null;
    }

    /// <summary>
    /// Creates the topic or replaces its name and description; an upsert of a retired topic offers it again.
    /// Guarded by ETags so that concurrent edits never resurrect stale data.
    /// </summary>
    public async Task<TopicUpsert> UpsertAsync(
        string slug, string name, string? description, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TopicEntity>(TopicEntity.TopicPartition, slug, cancellationToken: cancellationToken);
            var entity = new TopicEntity
            {
                RowKey = slug,
                Name = name.Trim(),
                Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
                Retired = false,
                UpdatedAt = _time.GetUtcNow(),
            };
            try
            {
                if (existing.HasValue)
                {
                    await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                    _active = null;
                    return new TopicUpsert.Updated(entity.ToTopic());
                }

                await table.AddEntityAsync(entity, cancellationToken);
                _active = null;
                return new TopicUpsert.Created(entity.ToTopic());
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxConcurrencyAttempts)
            {
                // Someone else wrote the row between our read and our write: read again and retry.
            }
        }
    }

    /// <summary>Retires a topic: kept for old records, no longer listed.</summary>
    public async Task<TopicRetirement> RetireAsync(string slug, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetClientAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TopicEntity>(TopicEntity.TopicPartition, slug, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                return new TopicRetirement.NotFound();
            }

            var entity = existing.Value!;
            if (entity.Retired)
            {
                return new TopicRetirement.AlreadyRetired();
            }

            entity.Retired = true;
            entity.UpdatedAt = _time.GetUtcNow();
            try
            {
                await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                _active = null;
                return new TopicRetirement.Retired();
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < MaxConcurrencyAttempts)
            {
                // Changed concurrently: read again.
            }
        }
    }

    /// <summary>
    /// Seeds the default topics once per storage account. Each default is inserted only if absent (409 is
    /// fine), and the marker row is written last, so a crash half-way is completed by the next start and an
    /// operator's later renames or retirements are never overwritten.
    /// </summary>
    private async Task SeedAsync(TableClient table, CancellationToken cancellationToken)
    {
        var marker = await table.GetEntityIfExistsAsync<TableEntity>(TopicEntity.CatalogPartition, TopicEntity.SeededMarker, cancellationToken: cancellationToken);
        if (marker.HasValue)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var (slug, name) in DefaultTopics.All)
        {
            try
            {
                await table.AddEntityAsync(new TopicEntity { RowKey = slug, Name = name, UpdatedAt = now }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Already there (seeded by a concurrent start, or edited by an operator): keep it.
            }
        }

        await table.UpsertEntityAsync(new TableEntity(TopicEntity.CatalogPartition, TopicEntity.SeededMarker), TableUpdateMode.Replace, cancellationToken);
    }
}
