using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// POST /api/console/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver: sends a delivery again, as POST
/// /api/manage/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver (also to a disabled webhook, which its success
/// enables again); audited as <c>webhook.redeliver</c> (the webhook's id and the delivery's); 303 to the webhook's page
/// with <c>?done=redelivered</c>. An unknown webhook or delivery is a 404 page.
/// </summary>
public sealed class RedeliverConsoleWebhookFunction(ConsoleGate gate, WebhookService webhooks)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RedeliverConsoleWebhook))]
    public async Task<IResult> RedeliverConsoleWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver")] HttpRequest request,
        string webhookId,
        string deliveryId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session } => await RedeliverAsync(session, webhookId, deliveryId, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RedeliverAsync(ConsoleSession.Open session, string webhookId, string deliveryId, CancellationToken cancellationToken)
    {
        if (!WebhookStore.IsValidWebhookId(webhookId) || !WebhookStore.IsValidDeliveryId(deliveryId))
        {
            return WebhooksPage.Missing(session);
        }

        switch (await webhooks.RedeliverAsync(webhookId, deliveryId, cancellationToken))
        {
            case Redelivery.Queued:
                await gate.RecordAsync(session, "webhook.redeliver", webhookId, deliveryId, cancellationToken);
                return HtmlPages.SeeOther($"{WebhooksPage.Url(webhookId)}?done={WebhookPage.Done.Redelivered}");
            case Redelivery.NotFound:
                return WebhooksPage.Missing(session);
            default:
                throw new UnreachableException();
        }
    }
}
