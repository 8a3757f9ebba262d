namespace CoP.Shared.Newsletter;

/// <summary>What a run of the newsletter came to: the timer's, or an admin's send from the queue.</summary>
public abstract record NewsletterRunResult
{
    private NewsletterRunResult()
    {
    }

    public abstract string IssueId { get; init; }

    /// <summary>Every subscriber's copy was accepted (in this run or before): <paramref name="Recipients"/> have it.</summary>
    public sealed record Sent(string IssueId, int Recipients) : NewsletterRunResult;

    /// <summary>Nothing new in the period: no issue goes out.</summary>
    public sealed record Skipped(string IssueId) : NewsletterRunResult;

    /// <summary>The run came too late after its slot: the issue is held for an admin.</summary>
    public sealed record Held(string IssueId) : NewsletterRunResult;

    /// <summary>Some batches were refused or their outcome is unknown: the admin has the report.</summary>
    public sealed record NeedsAttention(string IssueId) : NewsletterRunResult;

    /// <summary>Some recipients could not be sent to now (SendGrid kept answering 429/5xx); a retry goes on.</summary>
    public sealed record Incomplete(string IssueId, int Waiting) : NewsletterRunResult;

    /// <summary>Another run holds the issue's lease.</summary>
    public sealed record Busy(string IssueId) : NewsletterRunResult;

    /// <summary>An admin named an issue that does not exist.</summary>
    public sealed record NotFound(string IssueId) : NewsletterRunResult;

    /// <summary>
    /// Email cannot leave (the SendGrid key is missing or unresolved): nothing was composed, recorded or sent, so a
    /// run once the key is stored sends the issue as if this one never happened.
    /// </summary>
    public sealed record EmailNotReady(string IssueId) : NewsletterRunResult;
}

/// <summary>What an admin's send can be told at once, before its run is queued.</summary>
public abstract record SendRequestResult
{
    private SendRequestResult()
    {
    }

    public abstract string IssueId { get; init; }

    /// <summary>The issue row exists, and its run waits in the <c>newsletter-runs</c> queue; <paramref name="SlotAt"/> is the issue's slot.</summary>
    public sealed record Queued(string IssueId, DateTimeOffset SlotAt) : SendRequestResult;

    /// <summary>A run holds the issue now.</summary>
    public sealed record Busy(string IssueId) : SendRequestResult;

    /// <summary>The admin named an issue that does not exist.</summary>
    public sealed record NotFound(string IssueId) : SendRequestResult;

    /// <summary>Email cannot leave (the SendGrid key is missing or unresolved): nothing was read or written.</summary>
    public sealed record EmailNotReady(string IssueId) : SendRequestResult;
}
