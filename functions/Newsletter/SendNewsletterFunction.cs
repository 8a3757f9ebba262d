using System.Diagnostics;
using CoP.Shared.Newsletter;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// Timer on <c>%NewsletterSchedule%</c>: sends the issue of the current slot. When SendGrid keeps refusing with
/// 429/5xx, the run fails so that the retry policy runs it again; the delivery ledger makes every rerun send
/// only to those still waiting.
/// </summary>
public sealed class SendNewsletterFunction(NewsletterService newsletter)
{
    [Function(nameof(SendNewsletter))]
    [ExponentialBackoffRetry(5, "00:01:00", "00:15:00")]
    public async Task SendNewsletter(
        [TimerTrigger("%NewsletterSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        var result = await newsletter.RunScheduledAsync(cancellationToken);
        switch (result)
        {
            case NewsletterRunResult.Incomplete incomplete:
                throw new NewsletterIncompleteException(incomplete.IssueId, $"{incomplete.Waiting} recipients are still waiting after SendGrid's 429/5xx answers");
            case NewsletterRunResult.Busy:
                // Another run holds the issue, or a run that died holds it until its lease expires (minutes).
                throw new NewsletterIncompleteException(result.IssueId, "another run holds the issue's lease");
            case NewsletterRunResult.EmailNotReady:
                // Retried in case the key is stored meanwhile; after that the issue waits for an admin's send.
                throw new NewsletterIncompleteException(result.IssueId, "email cannot leave (Email__SendGridApiKey is not usable)");
            case NewsletterRunResult.Sent or NewsletterRunResult.Skipped or NewsletterRunResult.Held
                or NewsletterRunResult.NeedsAttention or NewsletterRunResult.NotFound:
                // Done for this slot: what needs a person was reported to the admin.
                break;
            default:
                throw new UnreachableException();
        }
    }
}

/// <summary>A run could not finish its issue (recipients still waiting, or the issue leased by another run); the platform retries it.</summary>
public sealed class NewsletterIncompleteException(string issueId, string reason)
    : Exception($"Newsletter {issueId}: {reason}; the run is retried.");
