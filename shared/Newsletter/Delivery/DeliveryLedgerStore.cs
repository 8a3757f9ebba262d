using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// The delivery ledger (<c>NewsletterDeliveries</c>): recipient rows, batch rows, the fence, and the Event Webhook's
/// events on them. Expected outcomes (row changed concurrently, already there) are return values; anything else escapes.
/// </summary>
public sealed class DeliveryLedgerStore(TableServiceClient tables, StorageNames names)
{
    /// <summary>Entity-group transactions take at most 100 actions.</summary>
    public const int TransactionSize = 100;

    private readonly ProvisionedTable _deliveries = new(tables, names.NewsletterDeliveries);

    /// <summary>The whole ledger of an issue, page by page: recipient rows and batch rows.</summary>
    public async IAsyncEnumerable<NewsletterDeliveryEntity> ReadLedgerAsync(string issueId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<NewsletterDeliveryEntity>(e => e.PartitionKey == issueId);
        await foreach (var row in table.QueryAsync<NewsletterDeliveryEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The batch rows of an issue's ledger only (a key range), without its recipient rows.</summary>
    public async IAsyncEnumerable<NewsletterDeliveryEntity> ReadBatchRowsAsync(string issueId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);

        // "b." is the first key after every "b-..." key.
        const string end = "b.";
        var start = NewsletterDeliveryEntity.BatchPrefix;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {issueId} and RowKey ge {start} and RowKey lt {end}");
        await foreach (var row in table.QueryAsync<NewsletterDeliveryEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            yield return row;
        }
    }

    public async Task<NewsletterDeliveryEntity?> GetLedgerRowAsync(string issueId, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<NewsletterDeliveryEntity>(issueId, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Deletes one ledger row (a member's, when they are erased); a row already gone is fine.</summary>
    public async Task DeleteLedgerRowAsync(string issueId, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);

        // DeleteEntityAsync answers 404 without throwing, so a retried erase completes.
        await table.DeleteEntityAsync(issueId, rowKey, ETag.All, cancellationToken);
    }

    /// <summary>
    /// Writes ledger rows of one issue (upserts, replacing), in transactions of up to 100 that run with at most
    /// <paramref name="parallelism"/> at once. A row written twice ends in the same state, so a retry is safe.
    /// </summary>
    public async Task WriteLedgerAsync(string issueId, IReadOnlyList<NewsletterDeliveryEntity> rows, int parallelism, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var chunks = rows.Chunk(TransactionSize).ToList();
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                foreach (var row in chunk)
                {
                    row.PartitionKey = issueId;
                }

                if (chunk.Length == 1)
                {
                    await table.UpsertEntityAsync(chunk[0], TableUpdateMode.Replace, token);
                }
                else
                {
                    await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), token);
                }
            });
    }

    /// <summary>Inserts a ledger row; false when it exists already (a batch row written by another run).</summary>
    public async Task<bool> TryAddLedgerRowAsync(NewsletterDeliveryEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(row, cancellationToken);
    }

    /// <summary>
    /// Makes <paramref name="owner"/> the run that may insert batch rows into the issue's ledger: the fence row
    /// (RowKey <c>fence</c>) names it, and every batch row is inserted together with an If-Match update of that
    /// row. A run that lost its lease without knowing it then fails its next insert instead of sending.
    /// </summary>
    public async Task<LedgerFence> TakeFenceAsync(string issueId, string owner, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var response = await table.UpsertEntityAsync(new TableEntity(issueId, LedgerFence.Row) { ["Owner"] = owner }, TableUpdateMode.Replace, cancellationToken);
        return new LedgerFence(table, issueId, owner, response.Headers.ETag ?? ETag.All);
    }

    /// <summary>Replaces a batch row read or written earlier; false when it changed since (an event or another run).</summary>
    public async Task<bool> TryReplaceLedgerRowAsync(NewsletterDeliveryEntity row, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(row, cancellationToken);
    }

    /// <summary>
    /// Records an Event Webhook event on the ledger: on the recipient's row and on its batch row (only the event
    /// fields are merged, so the sender's own state is never overwritten). Rows that do not exist (an event for
    /// an issue this ledger never held) are left alone. Returns false when the batch row does not exist.
    /// </summary>
    public async Task<bool> RecordDeliveryEventAsync(
        string issueId, string batchId, string memberId, string eventName, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _deliveries.GetClientAsync(cancellationToken);
        var found = true;
        foreach (var rowKey in new[] { NewsletterDeliveryEntity.BatchRow(batchId), NewsletterDeliveryEntity.MemberRow(memberId) })
        {
            var patch = new TableEntity(issueId, rowKey)
            {
                [nameof(NewsletterDeliveryEntity.LastEvent)] = eventName,
                [nameof(NewsletterDeliveryEntity.LastEventAt)] = at,
            };
            try
            {
                await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                found &= rowKey != NewsletterDeliveryEntity.BatchRow(batchId);
            }
        }

        return found;
    }

    /// <summary>
    /// Records a batch's final state and returns the state written; re-reads when an event was merged into the
    /// row meanwhile (an event turns "not accepted" without a provider's answer into "accepted").
    /// </summary>
    public async Task<BatchState> SettleBatchAsync(
        NewsletterDeliveryEntity batchRow, BatchState state, ProviderAnswer? answer, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batchRow);
        var row = batchRow;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            row.State = state.ToString();
            row.SettledAt = at;
            row.StatusCode = answer?.StatusCode ?? row.StatusCode;
            row.ProviderMessageId = answer?.ProviderMessageId ?? row.ProviderMessageId;
            if (await TryReplaceLedgerRowAsync(row, cancellationToken))
            {
                return state;
            }

            row = await GetLedgerRowAsync(row.PartitionKey, row.RowKey, cancellationToken)
                ?? throw new InvalidOperationException($"The ledger row of batch {batchRow.Key} vanished.");

            // An event that arrived meanwhile proves the batch was accepted after all.
            if (state == BatchState.NotAccepted && row.LastEvent is not null && answer is null)
            {
                state = BatchState.Accepted;
            }
        }

        throw new InvalidOperationException($"The ledger row of batch {batchRow.Key} kept changing.");
    }
}

/// <summary>What the provider answered to a batch's request, as its batch row keeps it.</summary>
public sealed record ProviderAnswer(int? StatusCode, string? ProviderMessageId);
