using CoP.Shared.Email;

namespace CoP.Shared.Newsletter;

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

public enum BatchResult
{
    /// <summary>The provider accepted the request: every recipient's copy is on its way.</summary>
    Accepted,

    /// <summary>The provider refused it for good (a 4xx other than 408/429): sending it again would not help.</summary>
    Refused,

    /// <summary>Known not accepted: 429 or 5xx after the retries, or no connection was ever made.</summary>
    NotAccepted,

    /// <summary>The request may or may not have reached the provider (an attempt timed out, the connection broke).</summary>
    Unknown,
}

public sealed record BatchOutcome(BatchResult Result, int? StatusCode = null, string? ProviderMessageId = null);

/// <summary>
/// Hands a batch to the provider in one request: SendGrid when an API key is configured, the local outbox
/// otherwise. A cancelled send throws <see cref="OperationCanceledException"/>, and its outcome is unknown.
/// </summary>
public interface INewsletterTransport
{
    Task<BatchOutcome> SendAsync(NewsletterBatch batch, CancellationToken cancellationToken = default);
}
