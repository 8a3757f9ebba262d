using System.Net;
using CoP.Shared.Email;
using CoP.Shared.Newsletter.Composition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SendGrid.Helpers.Mail;
using SendGrid;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// Sends a batch as one SendGrid v3 mail/send request: one personalization per recipient (only their own
/// address in it), the recipient's links as substitutions, their unsubscribe headers, and custom args naming
/// issue, batch and member. The named HTTP client retries 429 and 5xx (honouring Retry-After and
/// X-RateLimit-Reset) but never a timed-out attempt: that request may have been accepted, so its outcome is
/// reported as unknown for the ledger to settle instead of being sent twice.
/// </summary>
public sealed partial class SendGridNewsletterTransport(
    IHttpClientFactory httpClients,
    NewsletterMessages messages,
    IOptions<EmailOptions> email,
    ILogger<SendGridNewsletterTransport> logger) : INewsletterTransport
{
    /// <summary>The name of the <see cref="HttpClient"/> (and its resilience pipeline) for newsletter batches.</summary>
    public const string HttpClientName = "SendGridNewsletter";

    public async Task<BatchOutcome> SendAsync(NewsletterBatch batch, CancellationToken cancellationToken = default)
    {
        var client = SendGridMessages.Client(httpClients, HttpClientName, email.Value);

        Response response;
        try
        {
            response = await client.SendEmailAsync(ToSendGridMessage(batch), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            // Killed while the request was out: its outcome is unknown, and the run stops as cancelled.
            cancellationToken.ThrowIfCancellationRequested();
            if (exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } refused)
            {
                // No connection was made, so nothing was sent.
                LogUnreachable(logger, batch.IssueId, batch.BatchId, refused.HttpRequestError);
                return new BatchOutcome.NotAccepted();
            }

            LogUnknown(logger, batch.IssueId, batch.BatchId, exception.GetType().Name);
            return new BatchOutcome.Unknown();
        }

        // SendGrid's error bodies can quote the request, addresses included, so they are disposed of unread.
        using (response.Body)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var messageId = response.Headers?.TryGetValues("X-Message-Id", out var ids) == true ? ids.FirstOrDefault() : null;
                LogAccepted(logger, batch.IssueId, batch.BatchId, batch.Recipients.Count, messageId);
                return new BatchOutcome.Accepted(status, messageId);
            }

            // 401/403 refuse the key, not the batch: once the key is fixed, a later run sends it.
            var notAccepted = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout
                or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || status >= 500;
            LogRefused(logger, batch.IssueId, batch.BatchId, status);
            return notAccepted ? new BatchOutcome.NotAccepted(status) : new BatchOutcome.Refused(status);
        }
    }

    private SendGridMessage ToSendGridMessage(NewsletterBatch batch) => SendGridMessages.Message(
        email.Value,
        batch.Email,
        NewsletterMessages.Category,
        batch.Recipients.Select(Personalize),
        NewsletterMessages.BatchArgs(batch),
        messages.GlobalHeaders);

    private static Personalization Personalize(NewsletterRecipient recipient) => SendGridMessages.To(
        recipient.Address,
        new Dictionary<string, string>(StringComparer.Ordinal) { [NewsletterMessages.MemberIdArg] = recipient.MemberId },
        NewsletterMessages.RecipientHeaders(recipient),
        recipient.Substitutions);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "SendGrid accepted newsletter {IssueId} batch {BatchId} for {Recipients} recipients (message id {ProviderMessageId})")]
    private static partial void LogAccepted(ILogger logger, string issueId, string batchId, int recipients, string? providerMessageId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error,
        Message = "SendGrid did not accept newsletter {IssueId} batch {BatchId}: status {StatusCode}")]
    private static partial void LogRefused(ILogger logger, string issueId, string batchId, int statusCode);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "SendGrid could not be reached for newsletter {IssueId} batch {BatchId} ({Error}); nothing was sent")]
    private static partial void LogUnreachable(ILogger logger, string issueId, string batchId, HttpRequestError error);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning,
        Message = "The outcome of newsletter {IssueId} batch {BatchId} is unknown ({Failure}); the ledger keeps it until it is settled")]
    private static partial void LogUnknown(ILogger logger, string issueId, string batchId, string failure);
}
