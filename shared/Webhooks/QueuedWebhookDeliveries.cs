using System.Text.Json;
using Azure.Storage.Queues;
using CoP.Shared.Storage;

namespace CoP.Shared.Webhooks;

/// <summary>
/// One attempt of one delivery, as it waits in the <c>webhook-deliveries</c> queue. <see cref="Attempt"/> numbers the
/// attempts of a delivery across all its series: the delivery's row says which attempt is due, so a message for an
/// attempt made before (a duplicate, or one a redelivery superseded) does nothing.
/// </summary>
public sealed record WebhookDeliveryMessage(string WebhookId, string DeliveryId, int Attempt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads a queue message; null when it is not one of ours (it can never be delivered).</summary>
    public static WebhookDeliveryMessage? Parse(string text)
    {
        try
        {
            var message = JsonSerializer.Deserialize<WebhookDeliveryMessage>(text, Json);
            return message is { Attempt: >= 1 } && WebhookStore.IsValidWebhookId(message.WebhookId) && WebhookStore.IsValidDeliveryId(message.DeliveryId)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>The Storage Queue of webhook deliveries, read by <c>DeliverWebhook</c>. Messages never expire.</summary>
public sealed class QueuedWebhookDeliveries(QueueServiceClient queues, StorageNames names)
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly Provisioned<QueueClient> _queue = new(queues.GetQueueClient(names.WebhookDeliveriesQueue), (q, ct) => q.CreateIfNotExistsAsync(cancellationToken: ct));

    /// <summary>Queues an attempt, visible after <paramref name="delay"/>.</summary>
    public async Task EnqueueAsync(WebhookDeliveryMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queue = await _queue.GetClientAsync(cancellationToken);
        await queue.SendMessageAsync(message.ToJson(), visibilityTimeout: delay, timeToLive: NeverExpires, cancellationToken);
    }

    /// <summary>The queue's client, for tests and tools that read it as the host does.</summary>
    public ValueTask<QueueClient> GetClientAsync(CancellationToken cancellationToken = default) => _queue.GetClientAsync(cancellationToken);
}
