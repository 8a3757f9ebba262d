using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Email.Queue;

/// <summary>The delivery ledger of transactional mail in Table Storage: what became of each queued mail, by its id.</summary>
public sealed class MailDeliveryStore(TableServiceClient tables, StorageNames names)
{
    /// <summary>How long a delivery is remembered: far longer than any queue retry or redelivery can come.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly ProvisionedTable _deliveries = new(tables, names.MailDeliveries);

    public async Task<MailDeliveryEntity?> GetAsync(string mailId, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<MailDeliveryEntity>(mailId, MailDeliveryEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Records <paramref name="state"/> over <paramref name="known"/> (the row as read, or null when there was none) and
    /// returns the row as written (with its new ETag); null when another delivery of the same mail wrote first: it owns
    /// the mail now. A claim (<see cref="MailDeliveryState.Sending"/>) over a claim that got no answer counts that send
    /// as unanswered.
    /// </summary>
    public async Task<MailDeliveryEntity?> TryRecordAsync(MailDeliveryEntity? known, string mailId, string kind, MailDeliveryState state, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var row = known ?? new MailDeliveryEntity { PartitionKey = mailId, Kind = kind };
        if (state == MailDeliveryState.Sending)
        {
            row.UnansweredSends += row.DeliveryState == MailDeliveryState.Sending && known is not null ? 1 : 0;
            row.Attempts++;
            row.SendingSince = now;
        }
        else
        {
            row.FinishedAt = now;
        }

        row.State = state.ToString();

        var table = await _deliveries.GetClientAsync(cancellationToken);
        var written = known is null ? await table.TryAddAsync(row, cancellationToken) : await table.TryReplaceAsync(row, cancellationToken);
        return written ? row : null;
    }

    /// <summary>Records the provider's acceptance after a send this delivery claimed; the claim's ETag makes it ours.</summary>
    public async Task RecordSentAsync(MailDeliveryEntity claimed, string? providerMessageId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        claimed.State = nameof(MailDeliveryState.Sent);
        claimed.FinishedAt = now;
        claimed.ProviderMessageId = providerMessageId;
        var table = await _deliveries.GetClientAsync(cancellationToken);

        // Unconditional: the mail left, whatever else wrote meanwhile, and a later delivery must see that.
        await table.UpsertEntityAsync(claimed, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Deletes deliveries last written before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var deleted = 0;
        var filter = TableClient.CreateQueryFilter<MailDeliveryEntity>(e => e.Timestamp < before);
        await foreach (var row in table.QueryAsync<MailDeliveryEntity>(filter, select: [nameof(ITableEntity.PartitionKey), nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // Deleted by a concurrent purge.
            }
        }

        return deleted;
    }
}
