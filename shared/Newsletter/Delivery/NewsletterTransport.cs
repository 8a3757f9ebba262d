using CoP.Shared.Email;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>One recipient of a batch: the address, and this member's links keyed by the slot markers of the batch's edition.</summary>
public sealed record NewsletterRecipient(
    string MemberId,
    EmailAddress Address,
    string UnsubscribeUrl,
    IReadOnlyDictionary<string, string> Substitutions);

/// <summary>
/// One request to the provider: an email whose links are slot markers, and up to 1,000 recipients who each
/// get their own copy with their own links (nobody sees another address).
/// </summary>
public sealed record NewsletterBatch(string IssueId, string BatchId, ComposedEmail Email, IReadOnlyList<NewsletterRecipient> Recipients);

/// <summary>What the provider made of one batch request.</summary>
public abstract record BatchOutcome
{
    private BatchOutcome()
    {
    }

    /// <summary>The provider accepted the request: every recipient's copy is on its way.</summary>
    public sealed record Accepted(int? StatusCode = null, string? ProviderMessageId = null) : BatchOutcome;

    /// <summary>The provider refused it for good (a 4xx other than 401/403/408/429): sending it again would not help.</summary>
    public sealed record Refused(int StatusCode) : BatchOutcome;

    /// <summary>Known not accepted: 401/403/408/429 or 5xx after the retries, or no connection was ever made.</summary>
    public sealed record NotAccepted(int? StatusCode = null) : BatchOutcome;

    /// <summary>The request may or may not have reached the provider (an attempt timed out, the connection broke).</summary>
    public sealed record Unknown : BatchOutcome;
}

/// <summary>
/// Hands a batch to the provider in one request: SendGrid when an API key is configured, the local outbox
/// otherwise. A cancelled send throws <see cref="OperationCanceledException"/>, and its outcome is unknown.
/// </summary>
public interface INewsletterTransport
{
    Task<BatchOutcome> SendAsync(NewsletterBatch batch, CancellationToken cancellationToken = default);
}
