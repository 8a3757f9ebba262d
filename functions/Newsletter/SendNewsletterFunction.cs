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
        if (result.Outcome == NewsletterRunOutcome.Incomplete)
        {
            throw new NewsletterIncompleteException(result.IssueId, result.Report!.NotAccepted);
        }
    }
}

/// <summary>A run ended with recipients SendGrid did not accept (429/5xx after retries); the platform retries it.</summary>
public sealed class NewsletterIncompleteException(string issueId, int waiting)
    : Exception($"Newsletter {issueId}: {waiting} recipients are still waiting after SendGrid's 429/5xx answers; the run is retried.");
