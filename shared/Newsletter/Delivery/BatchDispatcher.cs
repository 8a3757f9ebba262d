using System.Diagnostics;
using System.Threading.Channels;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>A planned batch with the member edition of its variant: its body and its markers travel together into one request.</summary>
public sealed record PendingBatch(string IssueId, PlannedBatch Plan, MemberEdition Edition);

/// <summary>
/// Sends batches, at most <see cref="NewsletterOptions.MaxParallelRequests"/> at once, each with the ledger around its
/// request: its recipient rows are written, then its batch row is inserted as <c>Sending</c> (together with a check
/// that this run still owns the issue's ledger, see <see cref="LedgerFence"/>), then the request is made, then the
/// batch row records the answer. A run that dies before the insert sent nothing; one that dies after it leaves a batch
/// of unknown outcome for the next run to settle (<see cref="LedgerSettlement"/>), never to resend blindly.
/// </summary>
public sealed partial class BatchDispatcher(
    DeliveryLedgerStore ledger,
    INewsletterTransport transport,
    RecipientLinks links,
    IOptions<NewsletterOptions> options,
    TimeProvider time,
    ILogger<BatchDispatcher> logger)
{
    private const int LedgerParallelism = 4;

    /// <summary>Sends every batch of <paramref name="batches"/>; one failed batch stops the run, and its exception escapes.</summary>
    public async Task<DispatchTally> DispatchAsync(IAsyncEnumerable<PendingBatch> batches, LedgerFence fence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var tally = new DispatchTally();
        var parallel = options.Value.MaxParallelRequests;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(parallel) { SingleWriter = true });
        var workers = Enumerable.Range(0, parallel)
            .Select(_ => Task.Run(() => WorkAsync(fence, queue.Reader, tally, failed, cancellationToken), failed.Token))
            .ToList();
        try
        {
            await foreach (var batch in batches.WithCancellation(failed.Token))
            {
                await queue.Writer.WriteAsync(batch, failed.Token);
            }
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(workers);
        }

        return tally;
    }

    /// <summary>
    /// Sends queued batches. A failed sibling stops the dequeuing, never a request in flight: cutting that would
    /// turn a known answer into an unknown outcome. Only the caller's cancellation (the run is killed) does.
    /// </summary>
    private async Task WorkAsync(
        LedgerFence fence, ChannelReader<PendingBatch> queue, DispatchTally tally, CancellationTokenSource failed, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in queue.ReadAllAsync(failed.Token))
            {
                await SendBatchAsync(links.Batch(pending), fence, tally, cancellationToken);
            }
        }
        catch
        {
            // One failed batch stops the run; the ledger tells the next run where to go on.
            await failed.CancelAsync();
            throw;
        }
    }

    private async Task SendBatchAsync(NewsletterBatch batch, LedgerFence fence, DispatchTally tally, CancellationToken cancellationToken)
    {
        var rows = batch.Recipients
            .Select(r => new NewsletterDeliveryEntity { RowKey = NewsletterDeliveryEntity.MemberRow(r.MemberId), BatchId = batch.BatchId })
            .ToList();
        await ledger.WriteLedgerAsync(batch.IssueId, rows, LedgerParallelism, cancellationToken);

        var batchRow = new NewsletterDeliveryEntity
        {
            PartitionKey = batch.IssueId,
            RowKey = NewsletterDeliveryEntity.BatchRow(batch.BatchId),
            State = nameof(BatchState.Sending),
            Recipients = batch.Recipients.Count,
            AttemptedAt = time.GetUtcNow(),
        };
        if (!await fence.TryInsertBatchRowAsync(batchRow, cancellationToken))
        {
            // Another run settled this batch as never sent (this run had lost its lease): it must not go out now.
            LogBatchTaken(logger, batch.IssueId, batch.BatchId);
            tally.Add(new BatchOutcome.NotAccepted(), batch, requested: false);
            return;
        }

        // From here on the outcome is unknown until the answer is recorded, and a cancellation leaves it so.
        var outcome = await transport.SendAsync(batch, cancellationToken);
        tally.Add(outcome, batch, requested: true);
        if (outcome is BatchOutcome.Unknown)
        {
            return;
        }

        var (state, answer) = outcome switch
        {
            BatchOutcome.Accepted accepted => (BatchState.Accepted, new ProviderAnswer(accepted.StatusCode, accepted.ProviderMessageId)),
            BatchOutcome.Refused refused => (BatchState.Refused, new ProviderAnswer(refused.StatusCode, null)),
            BatchOutcome.NotAccepted notAccepted => (BatchState.NotAccepted, new ProviderAnswer(notAccepted.StatusCode, null)),
            _ => throw new UnreachableException(),
        };

        // The answer is recorded even when the run is being killed: it is the one thing the next run needs.
        await ledger.SettleBatchAsync(batchRow, state, answer, time.GetUtcNow(), CancellationToken.None);
    }

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning,
        Message = "Newsletter {IssueId} batch {BatchId} was settled by another run before its request; it is not sent")]
    private static partial void LogBatchTaken(ILogger logger, string issueId, string batchId);
}

/// <summary>What this run's batches came to, counted as their answers come in (from several workers at once).</summary>
public sealed class DispatchTally
{
    private readonly Lock _gate = new();

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    public int Unknown { get; private set; }

    public int NotAccepted { get; private set; }

    public int Requests { get; private set; }

    public List<string> UnknownBatches { get; } = [];

    public List<string> RefusedBatches { get; } = [];

    public void Add(BatchOutcome outcome, NewsletterBatch batch, bool requested)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_gate)
        {
            Requests += requested ? 1 : 0;
            var count = batch.Recipients.Count;
            switch (outcome)
            {
                case BatchOutcome.Accepted:
                    Accepted += count;
                    break;
                case BatchOutcome.Refused:
                    Refused += count;
                    RefusedBatches.Add(batch.BatchId);
                    break;
                case BatchOutcome.Unknown:
                    Unknown += count;
                    UnknownBatches.Add(batch.BatchId);
                    break;
                case BatchOutcome.NotAccepted:
                    NotAccepted += count;
                    break;
                default:
                    throw new UnreachableException();
            }
        }
    }
}
