using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>GET /api/manage/webhooks (function key): every webhook with its state and failures in a row; never a secret.</summary>
public sealed class ListWebhooksFunction(WebhookService webhooks)
{
    [Function(nameof(ListWebhooks))]
    public async Task<IResult> ListWebhooks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/webhooks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        var all = await webhooks.ListAsync(cancellationToken);
        return TypedResults.Ok(new WebhookListResponse(all.Select(WebhookResponse.From).ToList()));
    }
}
