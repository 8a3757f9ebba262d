using System.Globalization;
using CoP.Shared.Newsletter.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Newsletter.Issues;

/// <summary>
/// How a run ends for its issue, written with the same update that gives the lease back: skipped (nothing new), sent
/// (everyone's copy accepted), needs attention (batches refused or of unknown outcome: the admin is alerted, and an
/// issue with only unknown batches settles by itself through the Event Webhook), or still sending (recipients wait
/// for a retry; the admin is alerted the first time).
/// </summary>
public sealed partial class IssueCompletion(
    NewsletterSettlement settlement,
    NewsletterAlerts alerts,
    IOptions<NewsletterOptions> options,
    TimeProvider time,
    ILogger<IssueCompletion> logger)
{
    /// <summary>Nothing new in the period, and skipping is configured: nobody gets the issue.</summary>
    public async Task<NewsletterRunResult> SkipAsync(IssueLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await lease.UpdateAsync(i => i.State = nameof(IssueState.Skipped), release: true, cancellationToken);
        LogSkipped(logger, lease.Issue.IssueId);
        return new NewsletterRunResult.Skipped(lease.Issue.IssueId);
    }

    /// <summary>Records what the sender's <paramref name="report"/> says on the issue, and alerts the admin where a person is needed.</summary>
    public async Task<NewsletterRunResult> CompleteAsync(IssueLease lease, NewsletterSendReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(report);
        var issueId = lease.Issue.IssueId;
        NewsletterRunResult result = report switch
        {
            { NotAccepted: > 0 } => new NewsletterRunResult.Incomplete(issueId, report.NotAccepted),
            { Complete: true } => new NewsletterRunResult.Sent(issueId, report.Accepted),
            _ => new NewsletterRunResult.NeedsAttention(issueId),
        };
        var note = result is NewsletterRunResult.NeedsAttention ? AttentionNote(report) : null;

        // Everyone is in a batch and none was refused: only batches of unknown outcome are left, which the webhook settles.
        var settles = result is NewsletterRunResult.NeedsAttention && report.Refused == 0;
        var now = time.GetUtcNow();
        var firstIncomplete = result is NewsletterRunResult.Incomplete && lease.Issue.AlertedAt is null;
        await lease.UpdateAsync(
            issue =>
            {
                issue.Recipients = report.Accepted;
                issue.Refused = report.Refused;
                issue.Unknown = report.Unknown;
                issue.Waiting = report.NotAccepted;
                issue.SettlesByItself = settles;
                issue.State = result switch
                {
                    NewsletterRunResult.Sent => nameof(IssueState.Sent),
                    NewsletterRunResult.NeedsAttention => nameof(IssueState.NeedsAttention),
                    _ => nameof(IssueState.Sending),
                };
                issue.SentAt = result is NewsletterRunResult.Sent ? now : issue.SentAt;
                issue.Note = note;
                issue.AlertedAt = note is not null || firstIncomplete ? now : issue.AlertedAt;
            },
            release: true,
            cancellationToken);

        if (settles && await settlement.SettleAsync(issueId, cancellationToken))
        {
            // The webhook reported those batches while this run was still going: nothing needs a decision.
            return new NewsletterRunResult.Sent(issueId, report.Accepted + report.Unknown);
        }

        if (note is not null)
        {
            await alerts.AlertAsync(issueId, "some recipients need a decision", [
                note,
                .. report.UnknownBatches.Select(b => $"Batch of unknown outcome: {b}"),
                .. report.RefusedBatches.Select(b => $"Batch refused by SendGrid: {b}"),
            ], cancellationToken);
        }

        if (firstIncomplete)
        {
            await alerts.AlertAsync(issueId, "SendGrid keeps refusing with 429/5xx (or refuses the key)", [
                string.Create(CultureInfo.InvariantCulture, $"{report.NotAccepted} recipients are waiting; {report.Accepted} have it. The timer retries the run; an admin's send does too."),
                "If SendGrid answered 401 or 403, check Email__SendGridApiKey.",
            ], cancellationToken);
        }

        return result;
    }

    private string AttentionNote(NewsletterSendReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.Accepted} recipients accepted; {report.Unknown} in batches of unknown outcome (a request timed out or its run died); {report.Refused} in batches SendGrid refused. ") +
        "Batches of unknown outcome are settled by the Event Webhook: once SendGrid reports one of their messages, they count as sent. " +
        string.Create(CultureInfo.InvariantCulture, $"With the webhook configured, a batch that stays silent for {options.Value.UnknownOutcomeWait} is sent again by the next send (POST /api/manage/newsletter/send); ") +
        "without it, check SendGrid's activity and send with {\"resendUnknown\": true} only if those recipients got nothing.";

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Newsletter {IssueId} skipped: nothing new since the previous issue")]
    private static partial void LogSkipped(ILogger logger, string issueId);
}
