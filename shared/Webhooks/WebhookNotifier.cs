using CoP.Shared.DomainEvents;

namespace CoP.Shared.Webhooks;

/// <summary>
/// Hears every domain event and queues its delivery to each enabled webhook subscribed to its type: the delivery's row
/// first (once per webhook and event: a dispatch repeated finds it there), then its first attempt. A delivery already
/// attempted is not queued again; a first attempt queued twice is made once (the deliverer claims it).
/// </summary>
public sealed class WebhookNotifier(WebhookStore store, QueuedWebhookDeliveries queue, TimeProvider time) : IDomainEventSubscriber
{
    public string Name => "webhooks";

    public async Task EnqueueAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        foreach (var webhook in await store.ListAsync(cancellationToken))
        {
            if (webhook.State != WebhookState.Enabled || !webhook.Subscribes(domainEvent.Type))
            {
                continue;
            }

            var stored = await store.AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhook.WebhookId, domainEvent.EventId, domainEvent.Type, time.GetUtcNow()), cancellationToken);
            if (stored.Delivery is { State: WebhookDeliveryState.Pending, Attempts: 0 })
            {
                await queue.EnqueueAsync(new WebhookDeliveryMessage(webhook.WebhookId, stored.Delivery.DeliveryId, 1), TimeSpan.Zero, cancellationToken);
            }
        }
    }
}
