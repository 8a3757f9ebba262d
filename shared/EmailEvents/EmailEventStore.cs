using System.Runtime.CompilerServices;
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

    /// <summary>Inserts an event's row, which claims it; false when a row of that event exists already (another delivery).</summary>
    public async Task<bool> TryAddAsync(EmailEventEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(row, cancellationToken);
    }

    /// <summary>Replaces a row read earlier (a lapsed claim taken over, a claim renewed); false when it changed since (ETag).</summary>
    public async Task<bool> TryReplaceAsync(EmailEventEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(row, cancellationToken);
    }

    /// <summary>
    /// Marks the event's effect as in place, if the row is still as this delivery claimed it (its ETag); false when
    /// another delivery took the claim over meanwhile.
    /// </summary>
    public async Task<bool> TryMarkAppliedAsync(EmailEventEntity row, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await _events.GetClientAsync(cancellationToken);

        // A replace, not a merge: a merge leaves out null properties, and the claim must go.
        var (claimedUntil, appliedAt) = (row.ClaimedUntil, row.AppliedAt);
        row.AppliedAt = at;
        row.ClaimedUntil = null;
        if (await table.TryReplaceAsync(row, cancellationToken))
        {
            return true;
        }

        (row.ClaimedUntil, row.AppliedAt) = (claimedUntil, appliedAt);
        return false;
    }

    /// <summary>How many distinct events of an effect the member has had (received, applied or not), leaving out lifted ones.</summary>
    public async Task<int> CountAsync(string memberId, EmailEventEffect effect, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var row in ListAsync(memberId, effect, cancellationToken))
        {
            count += row.LiftedAt is null ? 1 : 0;
        }

        return count;
    }

    /// <summary>The member's rows, oldest key first (events, and the records of lifted suppressions).</summary>
    public async IAsyncEnumerable<EmailEventEntity> ListAsync(
        string memberId, EmailEventEffect? effect = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var effectName = effect?.ToString();
        var filter = effectName is null
            ? TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId)
            : TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId && e.Effect == effectName);
        await foreach (var row in table.QueryAsync<EmailEventEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>Marks the member's soft bounces as lifted (merging only that field; marking twice is harmless).</summary>
    public async Task LiftSoftBouncesAsync(string memberId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        await foreach (var row in ListAsync(memberId, EmailEventEffect.SoftBounce, cancellationToken))
        {
            if (row.LiftedAt is null)
            {
                var patch = new TableEntity(row.PartitionKey, row.RowKey) { [nameof(EmailEventEntity.LiftedAt)] = at };
                await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
    }

    /// <summary>Deletes one row whatever its state (a record withdrawn because its change was not saved).</summary>
    public async Task DeleteAsync(string memberId, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        await table.DeleteEntityAsync(memberId, rowKey, ETag.All, cancellationToken);
    }

    /// <summary>Deletes every row of the member (erase); a row already gone is fine, so a retried erase completes.</summary>
    public async Task DeleteAllAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var keys = new List<string>();
        var filter = TableClient.CreateQueryFilter<EmailEventEntity>(e => e.PartitionKey == memberId);
        await foreach (var row in table.QueryAsync<EmailEventEntity>(filter, select: [nameof(EmailEventEntity.RowKey)], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var key in keys)
        {
            // A row deleted meanwhile (a concurrent erase) answers 404, which DeleteEntityAsync does not throw for.
            await table.DeleteEntityAsync(memberId, key, ETag.All, cancellationToken);
        }
    }
}
