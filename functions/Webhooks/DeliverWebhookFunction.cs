using Azure.Storage.Queues.Models;
using CoP.Shared.Storage;
using CoP.Shared.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>
/// Queue trigger on <c>webhook-deliveries</c>: makes one attempt of a webhook delivery, signed, and queues the next one
/// by the retry schedule when it fails. A storage failure escapes, so that the host retries the message (host.json
/// <c>queues</c>) and finally moves it to <c>webhook-deliveries-poison</c>.
/// </summary>
public sealed class DeliverWebhookFunction(WebhookDeliverer deliverer)
{
    [Function(nameof(DeliverWebhook))]
    public Task DeliverWebhook(
        [QueueTrigger(StorageNames.WebhookDeliveriesQueueName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        deliverer.DeliverAsync(message.Body.ToString(), message.DequeueCount, cancellationToken);
}
