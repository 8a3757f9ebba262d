using Azure.Storage.Queues.Models;
using CoP.Shared.Email.Queue;
using CoP.Shared.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Email;

/// <summary>
/// Queue trigger on <c>transactional-mail</c>: sends each queued mail exactly once. A failure escapes, so that the host
/// retries the message (host.json <c>queues</c>) and finally moves it to <c>transactional-mail-poison</c>.
/// </summary>
public sealed class DeliverEmailFunction(MailDeliveryService deliveries)
{
    [Function(nameof(DeliverEmail))]
    public Task DeliverEmail(
        [QueueTrigger(StorageNames.MailQueueName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        deliveries.DeliverAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);
}
