using CoP.Shared.EmailEvents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// Before a run sends anything, reads the issue's ledger and settles the batches of earlier runs. A batch still marked
/// <c>Sending</c> (its answer was lost) counts as accepted once the Event Webhook reported any of its messages; it
/// counts as not accepted, and its recipients are sent again, only when the webhook has reported other batches of the
/// issue (so it is connected) and stayed silent about this one for <see cref="NewsletterOptions.UnknownOutcomeWait"/>,
/// or when an admin asks for it. Until then its recipients are neither sent again nor forgotten. Recipient rows whose
/// batch row was never inserted (that run died before its request) get that row now, as not accepted, so that a run
/// that lost its lease but still lives cannot send that batch after all.
/// </summary>
public sealed partial class LedgerSettlement(
    DeliveryLedgerStore ledger,
    IOptions<NewsletterOptions> options,
    IOptions<EmailEventOptions> emailEvents,
    TimeProvider time,
    ILogger<LedgerSettlement> logger)
{
    /// <summary>Settles what earlier runs left, and says who is served and what is counted already.</summary>
    public async Task<LedgerSnapshot> SettleAsync(string issueId, ResendChoices resend, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resend);
        var batchOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var batches = new Dictionary<string, NewsletterDeliveryEntity>(StringComparer.Ordinal);
        await foreach (var row in ledger.ReadLedgerAsync(issueId, cancellationToken))
        {
            if (row.IsBatch)
            {
                batches[row.Key] = row;
            }
            else if (row.BatchId is not null)
            {
                batchOf[row.Key] = row.BatchId;
            }
        }

        foreach (var batchId in batchOf.Values.Distinct(StringComparer.Ordinal).Where(id => !batches.ContainsKey(id)).ToList())
        {
            var tombstone = new NewsletterDeliveryEntity
            {
                PartitionKey = issueId,
                RowKey = NewsletterDeliveryEntity.BatchRow(batchId),
                State = nameof(BatchState.NotAccepted),
                SettledAt = time.GetUtcNow(),
            };
            batches[batchId] = await ledger.TryAddLedgerRowAsync(tombstone, cancellationToken)
                ? tombstone
                : await ledger.GetLedgerRowAsync(issueId, tombstone.RowKey, cancellationToken) ?? tombstone;
        }

        var now = time.GetUtcNow();
        var snapshot = new LedgerSnapshot();

        // Silence means "not accepted" only from a webhook that is known to report this issue's batches.
        var webhookReports = emailEvents.Value.IsConfigured && batches.Values.Any(b => b.LastEvent is not null);
        foreach (var (batchId, row) in batches)
        {
            var batchState = row.BatchState;
            if (batchState == BatchState.Refused && resend.Refused)
            {
                batchState = await ledger.SettleBatchAsync(row, BatchState.NotAccepted, null, time.GetUtcNow(), cancellationToken);
                LogRefusedResent(logger, issueId, batchId);
            }
            else if (batchState == BatchState.Sending)
            {
                if (row.LastEvent is not null)
                {
                    // Any event for one of its messages means SendGrid accepted the request, and with it every copy.
                    batchState = await ledger.SettleBatchAsync(row, BatchState.Accepted, null, time.GetUtcNow(), cancellationToken);
                    LogSettledByEvent(logger, issueId, batchId);
                }
                else if (resend.Unknown || (webhookReports && now - (row.AttemptedAt ?? now) >= options.Value.UnknownOutcomeWait))
                {
                    batchState = await ledger.SettleBatchAsync(row, BatchState.NotAccepted, null, time.GetUtcNow(), cancellationToken);
                    LogSettledAsNotAccepted(logger, issueId, batchId, resend.Unknown);
                }
            }

            snapshot.Count(batchId, batchState, row.Recipients ?? 0);
        }

        foreach (var (memberId, batchId) in batchOf)
        {
            if (batches.TryGetValue(batchId, out var row) && row.BatchState is BatchState.Accepted or BatchState.Refused or BatchState.Sending)
            {
                snapshot.Served.Add(memberId);
            }
        }

        return snapshot;
    }

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information,
        Message = "Newsletter {IssueId} batch {BatchId}: the Event Webhook reported its messages, so it was accepted")]
    private static partial void LogSettledByEvent(ILogger logger, string issueId, string batchId);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning,
        Message = "Newsletter {IssueId} batch {BatchId}: no event ever came for it, so it counts as not accepted and is sent again (admin request: {ByAdmin})")]
    private static partial void LogSettledAsNotAccepted(ILogger logger, string issueId, string batchId, bool byAdmin);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning,
        Message = "Newsletter {IssueId} batch {BatchId}: refused before, sent again at an admin's request")]
    private static partial void LogRefusedResent(ILogger logger, string issueId, string batchId);
}

/// <summary>What the ledger says before a run sends anything (after <see cref="LedgerSettlement"/>).</summary>
public sealed class LedgerSnapshot
{
    /// <summary>Members whose copy was accepted, refused, or is of unknown outcome: not sent again.</summary>
    public HashSet<string> Served { get; } = new(StringComparer.Ordinal);

    public int Accepted { get; private set; }

    public int Refused { get; private set; }

    public int Unknown { get; private set; }

    public List<string> UnknownBatches { get; } = [];

    public List<string> RefusedBatches { get; } = [];

    public void Count(string batchId, BatchState state, int recipients)
    {
        switch (state)
        {
            case BatchState.Accepted:
                Accepted += recipients;
                break;
            case BatchState.Refused:
                Refused += recipients;
                RefusedBatches.Add(batchId);
                break;
            case BatchState.Sending:
                Unknown += recipients;
                UnknownBatches.Add(batchId);
                break;
        }
    }
}
