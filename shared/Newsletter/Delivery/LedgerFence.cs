using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Newsletter.Delivery;


/// <summary>
/// The fence of an issue's ledger (see <see cref="DeliveryLedgerStore.TakeFenceAsync"/>). Inserts are serialized
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
