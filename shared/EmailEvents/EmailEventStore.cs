using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.EmailEvents;

/// <summary>The events already received, per member. Expected outcomes (already there) are return values.</summary>
public sealed class EmailEventStore(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _events = new(tables, names.EmailEvents);

    /// <summary>The row key of an event id: lowercase hex SHA-256 of its UTF-8 bytes, valid in any table key.</summary>
    public static string RowKeyOf(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));

    public async Task<EmailEventEntity?> GetAsync(string memberId, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<EmailEventEntity>(memberId, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Inserts an event's row; false when a row of that event exists already (a concurrent redelivery).</summary>
    public async Task<bool> TryAddAsync(EmailEventEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(row, cancellationToken);
    }

    /// <summary>Marks the event's effect as in place (only that field is merged; marking twice is harmless).</summary>
    public async Task MarkAppliedAsync(EmailEventEntity row, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var patch = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(EmailEventEntity.AppliedAt)] = at };
        await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        row.AppliedAt = at;
    }

    /// <summary>How many distinct events of an effect the member has had (received, applied or not).</summary>
    public async Task<int> CountAsync(string memberId, EmailEventEffect effect, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var effectName = effect.ToString();
        var filter = TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId && e.Effect == effectName);
        var count = 0;
        await foreach (var _ in table.QueryAsync<EmailEventEntity>(filter, select: [nameof(EmailEventEntity.RowKey)], cancellationToken: cancellationToken))
        {
            count++;
        }

        return count;
    }
}
