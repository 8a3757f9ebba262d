using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CoP.Shared.Newsletter.Composition;
using CoP.Shared.Storage;

namespace CoP.Shared.Newsletter;

/// <summary>
/// Issues, the editorial note, the frozen content of each issue and the delivery ledger. Expected outcomes
/// (row changed concurrently, already there) are return values; anything else escapes.
/// </summary>
public sealed class NewsletterStore(TableServiceClient tables, BlobServiceClient blobs, StorageNames names)
{
    /// <summary>Entity-group transactions take at most 100 actions.</summary>
    public const int TransactionSize = 100;

    private static readonly JsonSerializerOptions ContentJson = new(JsonSerializerDefaults.Web);

    private readonly ProvisionedTable _issues = new(tables, names.NewsletterIssues);
    private readonly ProvisionedTable _deliveries = new(tables, names.NewsletterDeliveries);
    private readonly ProvisionedContainer _content = new(blobs.GetBlobContainerClient(names.NewsletterContainer));

    public async Task<NewsletterIssueEntity?> GetIssueAsync(string issueId, CancellationToken cancellationToken = default)
    {
        if (!NewsletterSchedule.IsValidIssueId(issueId))
        {
            return null;
        }

        var table = await _issues.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<NewsletterIssueEntity>(NewsletterIssueEntity.Partition, issueId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Inserts a new issue; false when a concurrent run inserted it first.</summary>
    public async Task<bool> TryAddIssueAsync(NewsletterIssueEntity issue, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        return await table.TryAddAsync(issue, cancellationToken);
    }

    /// <summary>Replaces an issue read earlier; false when it changed since (ETag).</summary>
    public async Task<bool> TryReplaceIssueAsync(NewsletterIssueEntity issue, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(issue, cancellationToken);
    }

    /// <summary>Every issue, oldest first (a weekly newsletter makes 52 rows a year).</summary>
    public async IAsyncEnumerable<NewsletterIssueEntity> ListIssuesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<NewsletterIssueEntity>(e => e.PartitionKey == NewsletterIssueEntity.Partition);
        await foreach (var issue in table.QueryAsync<NewsletterIssueEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return issue;
        }
    }

    public async Task<NewsletterNoteEntity?> GetNoteAsync(CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<NewsletterNoteEntity>(NewsletterNoteEntity.Partition, NewsletterNoteEntity.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    public async Task SetNoteAsync(string text, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        await table.UpsertEntityAsync(new NewsletterNoteEntity { Text = text, UpdatedAt = at }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Removes the note read earlier, unless an admin changed it since (then the new text waits for the next issue).</summary>
    public async Task<bool> TryClearNoteAsync(NewsletterNoteEntity note, CancellationToken cancellationToken = default)
    {
        var table = await _issues.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(note.PartitionKey, note.RowKey, note.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Stores an issue's content unless it is stored already, and returns the stored one: the first run to
    /// compose an issue fixes its content for every later run.
    /// </summary>
    public async Task<NewsletterContent> SaveContentAsync(NewsletterContent content, CancellationToken cancellationToken = default)
    {
        var container = await _content.GetClientAsync(cancellationToken);
        var blob = container.GetBlobClient(ContentBlobName(content.IssueId));
        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(content, ContentJson),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken);
            return content;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await LoadContentAsync(content.IssueId, cancellationToken)
                ?? throw new InvalidOperationException($"The content of issue {content.IssueId} exists but cannot be read.");
        }
    }

    public async Task<NewsletterContent?> LoadContentAsync(string issueId, CancellationToken cancellationToken = default)
    {
        var container = await _content.GetClientAsync(cancellationToken);
        try
        {
            var download = await container.GetBlobClient(ContentBlobName(issueId)).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToObjectFromJson<NewsletterContent>(ContentJson);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

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

    private static string ContentBlobName(string issueId) => $"issues/{issueId}.json";
}

/// <summary>
/// The fence of an issue's ledger (see <see cref="NewsletterStore.TakeFenceAsync"/>). Inserts are serialized
/// in-process, since each one moves the fence's ETag on.
/// </summary>
public sealed class LedgerFence(TableClient table, string issueId, string owner, ETag etag) : IDisposable
{
    public const string Row = "fence";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ETag _etag = etag;

    /// <summary>
    /// Inserts a batch row if this run still owns the ledger. False when the row exists (another run settled that
    /// batch); throws <see cref="LedgerFenceLostException"/> when another run took the ledger.
    /// </summary>
    public async Task<bool> TryInsertBatchRowAsync(NewsletterDeliveryEntity row, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var actions = new[]
            {
                new TableTransactionAction(TableTransactionActionType.Add, row),
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(issueId, Row) { ["Owner"] = owner }, _etag),
            };
            try
            {
                var responses = await table.SubmitTransactionAsync(actions, cancellationToken);
                row.ETag = responses.Value[0].Headers.ETag ?? row.ETag;
                _etag = responses.Value[1].Headers.ETag ?? throw new InvalidOperationException("The ledger fence's update returned no ETag.");
                return true;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status == 409)
            {
                return false;
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 1 || e.Status is 404 or 412)
            {
                throw new LedgerFenceLostException(issueId, e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>Another run took the issue's ledger: this run must stop before it sends anything more.</summary>
public sealed class LedgerFenceLostException(string issueId, Exception inner)
    : Exception($"Another run took the ledger of newsletter {issueId}; this run stops.", inner);
