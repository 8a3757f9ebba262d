using System.Diagnostics;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>
/// POST /api/manage/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver (function key): sends a delivery again, a
/// fresh series of attempts of the same event (the same <c>webhook-id</c>), also to a disabled webhook (its success
/// enables it again). 202 pointing at the deliveries; 404 when the webhook or the delivery is not there.
/// </summary>
public sealed class RedeliverWebhookFunction(WebhookService webhooks)
{
    [Function(nameof(RedeliverWebhook))]
    public async Task<IResult> RedeliverWebhook(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")] HttpRequest request,
        string webhookId,
        string deliveryId,
        CancellationToken cancellationToken)
    {
        if (!WebhookStore.IsValidWebhookId(webhookId) || !WebhookStore.IsValidDeliveryId(deliveryId))
        {
            return WebhookAnswers.NoSuchDelivery();
        }

        return await webhooks.RedeliverAsync(webhookId, deliveryId, cancellationToken) switch
        {
            Redelivery.Queued => TypedResults.Accepted($"/api/manage/webhooks/{webhookId}/deliveries"),
            Redelivery.NotFound => WebhookAnswers.NoSuchDelivery(),
            _ => throw new UnreachableException(),
        };
    }
}
