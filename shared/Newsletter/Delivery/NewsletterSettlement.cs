using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Newsletter.Issues;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// Sends an issue that needs attention only because some batches were of unknown outcome, once the Event Webhook
/// has settled them all: a batch the webhook reported a message of was accepted by SendGrid, with every copy in it.
/// Called after each delivery event, and by the run that leaves the issue needing attention (an event may have
/// arrived before that run wrote its state). Nothing is sent here; the issue row changes under its ETag, and never
/// while a run holds its lease.
/// </summary>
public sealed partial class NewsletterSettlement(
    NewsletterIssueStore issues, DeliveryLedgerStore ledger, NewsletterNews news, TimeProvider time, ILogger<NewsletterSettlement> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>True when the issue became sent now.</summary>
    public async Task<bool> SettleAsync(string issueId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var issue = await issues.GetIssueAsync(issueId, cancellationToken);
            var now = time.GetUtcNow();
            if (issue is not { IssueState: IssueState.NeedsAttention, SettlesByItself: true } || (issue.LeaseOwner is not null && issue.LeaseUntil > now))
            {
                return false;
            }

            var accepted = 0;
            var reported = new List<NewsletterDeliveryEntity>();
            await foreach (var batch in ledger.ReadBatchRowsAsync(issueId, cancellationToken))
            {
                switch (batch.BatchState)
                {
                    case BatchState.Accepted:
                        accepted += batch.Recipients ?? 0;
                        break;
                    case BatchState.Sending when batch.LastEvent is not null:
                        accepted += batch.Recipients ?? 0;
                        reported.Add(batch);
                        break;
                    case BatchState.NotAccepted:
                        // Its recipients went out in later batches (the run that set SettlesByItself left nobody waiting).
                        break;
                    default:
                        return false;
                }
            }

            foreach (var batch in reported)
            {
                // Recorded for the status and the next reader; a row that changed meanwhile is settled by whoever changed it.
                batch.State = nameof(BatchState.Accepted);
                batch.SettledAt = now;
                await ledger.TryReplaceLedgerRowAsync(batch, cancellationToken);
            }

            issue.State = nameof(IssueState.Sent);
            issue.SentAt = now;
            issue.Recipients = accepted;
            issue.Unknown = 0;
            issue.Refused = 0;
            issue.Waiting = 0;
            issue.Note = null;
            issue.SettlesByItself = false;
            if (await issues.TryReplaceIssueAsync(issue, cancellationToken))
            {
                LogSettled(logger, issueId, accepted);
                await news.SentAsync(issueId, cancellationToken);
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 4015, Level = LogLevel.Information,
        Message = "Newsletter {IssueId}: the Event Webhook settled its last batch of unknown outcome; it is sent ({Recipients} recipients)")]
    private static partial void LogSettled(ILogger logger, string issueId, int recipients);
}
