using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>DELETE /api/manage/webhooks/{webhookId} (function key): deletes a webhook and its deliveries (204); 404 when there is none.</summary>
public sealed class DeleteWebhookFunction(WebhookService webhooks)
{
    [Function(nameof(DeleteWebhook))]
    public async Task<IResult> DeleteWebhook(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "manage/webhooks/{webhookId}")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
    {
        return WebhookStore.IsValidWebhookId(webhookId) && await webhooks.DeleteAsync(webhookId, cancellationToken)
            ? TypedResults.NoContent()
            : WebhookAnswers.NoSuchWebhook();
    }
}
