namespace CoP.Shared.Email;

/// <summary>Hands one email to the provider: SendGrid when an API key is configured, the local outbox otherwise.</summary>
public interface IEmailSender
{
    /// <summary>
    /// Returns once the provider accepted the message (SendGrid answered 2xx, or the outbox holds it), with the
    /// provider's message id if any. Throws <see cref="EmailDeliveryException"/> when a failure persists after
    /// the retries, and <see cref="ArgumentException"/> for a message that no retry could make valid.
    /// </summary>
    Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}
