using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace CoP.Shared.Email;

/// <summary>
/// Sends through SendGrid's v3 mail/send API. Retries (429 and 5xx honouring Retry-After, 408, timeouts) live in
/// the resilience handler of the named HTTP client, so every attempt reaches the wire through the same pipeline;
/// this class only judges the final answer.
/// </summary>
public sealed partial class SendGridEmailSender(
    IHttpClientFactory httpClients,
    IOptions<EmailOptions> options,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    /// <summary>The name of the <see cref="HttpClient"/> (and its resilience pipeline) that talks to SendGrid.</summary>
    public const string HttpClientName = "SendGrid";

    private readonly EmailOptions _options = options.Value;

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        EmailMessageRules.Validate(message);
        // Recipients appear in logs by member id only: any value derived from the address could be
        // matched against a guessed address.
        var recipient = message.CustomArgs.TryGetValue("memberId", out var memberId) ? memberId : "(no member id)";

        if (_options.NotReadyBecause is { } notReady)
        {
            // Fail closed: never a fallback to anywhere else. The mail queue does not get this far (it holds mail).
            throw new EmailDeliveryException(notReady);
        }

        var client = SendGridMessages.Client(httpClients, HttpClientName, _options);

        Response response;
        try
        {
            response = await client.SendEmailAsync(ToSendGridMessage(message), cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && IsTransportFailure(exception))
        {
            LogUnreachable(logger, exception, message.Category, recipient);
            throw new EmailDeliveryException(
                $"SendGrid did not answer, retries included ({exception.GetType().Name}).", statusCode: null, exception);
        }

        // SendGrid's error bodies can quote the request, addresses included, so they are disposed of unread.
        using (response.Body)
        {
            if (!response.IsSuccessStatusCode)
            {
                LogRejected(logger, (int)response.StatusCode, message.Category, recipient);
                throw new EmailDeliveryException(
                    $"SendGrid answered {(int)response.StatusCode} {response.StatusCode}" +
                    (IsRetried(response.StatusCode) ? ", retries included." : " (not retried)."),
                    response.StatusCode);
            }
        }

        var messageId = response.Headers?.TryGetValues("X-Message-Id", out var ids) == true ? ids.FirstOrDefault() : null;
        LogAccepted(logger, message.Category, recipient, messageId);
        return new EmailReceipt(messageId);
    }

    // One recipient: the message's custom args and headers travel in its personalization, as they always have.
    private SendGridMessage ToSendGridMessage(EmailMessage message) => SendGridMessages.Message(
        _options,
        new ComposedEmail(message.Subject, message.HtmlBody, message.TextBody),
        message.Category,
        [SendGridMessages.To(message.To, message.CustomArgs, message.Headers)],
        attachments: message.Attachments);

    /// <summary>What the resilience pipeline lets escape once its attempts are used up or its total timeout passed.</summary>
    private static bool IsTransportFailure(Exception exception) =>
        exception is HttpRequestException or TimeoutRejectedException or TaskCanceledException or TimeoutException;

    private static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "SendGrid accepted a {Category} email for recipient {MemberId} (message id {ProviderMessageId})")]
    private static partial void LogAccepted(ILogger logger, string category, string memberId, string? providerMessageId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error,
        Message = "SendGrid rejected a {Category} email for recipient {MemberId} with status {StatusCode}")]
    private static partial void LogRejected(ILogger logger, int statusCode, string category, string memberId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error,
        Message = "SendGrid could not be reached for a {Category} email for recipient {MemberId}")]
    private static partial void LogUnreachable(ILogger logger, Exception exception, string category, string memberId);
}
