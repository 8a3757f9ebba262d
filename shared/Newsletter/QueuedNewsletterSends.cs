using CoP.Shared.Newsletter.Delivery;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Newsletter;

/// <summary>
/// Admins' sends, run in the background: the request is checked and queued at once (<see cref="RequestAsync"/>), and
/// <c>RunNewsletterSend</c> runs it from the <c>newsletter-runs</c> queue (<see cref="RunAsync"/>) through the same
/// lease and delivery ledger as the timer, so no HTTP request waits for a whole list and nobody gets an issue twice.
/// A run that cannot finish now (SendGrid answering 429/5xx, another run holding the issue, email not ready) is put
/// back for later with growing delays, <see cref="MaxDeferrals"/> times; after that the issue's state and the admin's
/// alerts say what is left. Failures escape, so that the host retries the message and finally poisons it.
/// </summary>
public sealed partial class QueuedNewsletterSends(
    NewsletterService newsletter, NewsletterRunRequests runs, TimeProvider time, ILogger<QueuedNewsletterSends> logger)
{
    public const int MaxDeferrals = 8;

    /// <summary>Checks the send and queues its run; <see cref="SendRequestResult.Queued"/> when it was queued.</summary>
    public async Task<SendRequestResult> RequestAsync(ResendChoices resend, string? issueId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resend);
        var result = await newsletter.PrepareSendAsync(issueId, cancellationToken);
        if (result is SendRequestResult.Queued queued)
        {
            await runs.EnqueueAsync(new NewsletterRunRequest(queued.IssueId, queued.SlotAt, resend.Unknown, resend.Refused, time.GetUtcNow()), TimeSpan.Zero, cancellationToken);
            LogQueued(logger, queued.IssueId, resend.Unknown, resend.Refused);
        }

        return result;
    }

    /// <summary>Runs the queue message <paramref name="message"/>.</summary>
    public async Task<NewsletterRunResult> RunAsync(string message, CancellationToken cancellationToken = default)
    {
        var request = NewsletterRunRequest.Parse(message)
            ?? throw new InvalidOperationException("The queue message is not a newsletter run request; it can never be run.");
        var result = await newsletter.SendNowAsync(request.Resend, request.IssueId, request.SlotAt, cancellationToken);
        var outcome = result.GetType().Name;
        if (result is not (NewsletterRunResult.Incomplete or NewsletterRunResult.Busy or NewsletterRunResult.EmailNotReady))
        {
            LogRan(logger, request.IssueId, outcome);
            return result;
        }

        if (request.Deferrals >= MaxDeferrals)
        {
            LogGaveUp(logger, request.IssueId, outcome, request.Deferrals);
            return result;
        }

        var delay = DeferralDelay(request.Deferrals);
        await runs.EnqueueAsync(request with { Deferrals = request.Deferrals + 1 }, delay, cancellationToken);
        LogDeferred(logger, request.IssueId, outcome, delay);
        return result;
    }

    /// <summary>1, 2, 4 ... minutes, at most an hour: the lease of a run that died expires within five.</summary>
    public static TimeSpan DeferralDelay(int deferrals) => TimeSpan.FromMinutes(Math.Min(60, 1 << Math.Min(deferrals, 6)));

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information,
        Message = "Newsletter {IssueId}: an admin's send was queued (resend unknown: {ResendUnknown}, resend refused: {ResendRefused})")]
    private static partial void LogQueued(ILogger logger, string issueId, bool resendUnknown, bool resendRefused);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Newsletter {IssueId}: an admin's queued send ran: {Outcome}")]
    private static partial void LogRan(ILogger logger, string issueId, string outcome);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Warning, Message = "Newsletter {IssueId}: an admin's queued send could not finish ({Outcome}); it runs again in {Delay}")]
    private static partial void LogDeferred(ILogger logger, string issueId, string outcome, TimeSpan delay);

    [LoggerMessage(EventId = 4043, Level = LogLevel.Error,
        Message = "Newsletter {IssueId}: an admin's queued send still could not finish ({Outcome}) after {Deferrals} tries; it is dropped, send again once the cause is fixed")]
    private static partial void LogGaveUp(ILogger logger, string issueId, string outcome, int deferrals);
}
