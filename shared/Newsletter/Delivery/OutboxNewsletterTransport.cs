using CoP.Shared.Email;
using CoP.Shared.Newsletter.Composition;

namespace CoP.Shared.Newsletter.Delivery;

/// <summary>
/// Without SendGrid, every copy goes to the local outbox, with its slot markers replaced as SendGrid would, so
/// a person can open exactly what a member would receive.
/// </summary>
public sealed class OutboxNewsletterTransport(LocalOutboxEmailSender outbox, NewsletterMessages messages) : INewsletterTransport
{
    public async Task<BatchOutcome> SendAsync(NewsletterBatch batch, CancellationToken cancellationToken = default)
    {
        foreach (var recipient in batch.Recipients)
        {
            await outbox.SendAsync(messages.ForRecipient(batch, recipient), cancellationToken);
        }

        return new BatchOutcome.Accepted();
    }
}
