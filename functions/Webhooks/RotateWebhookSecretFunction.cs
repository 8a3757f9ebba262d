using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>
/// POST /api/manage/webhooks/{webhookId}/rotate-secret (function key): a new signing secret, answered once; the previous
/// one still signs (a second signature) for <c>Webhooks__SecretRotationOverlap</c>. 404 when there is no such webhook.
/// </summary>
public sealed class RotateWebhookSecretFunction(WebhookService webhooks)
{
    [Function(nameof(RotateWebhookSecret))]
    public async Task<IResult> RotateWebhookSecret(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/webhooks/{webhookId}/rotate-secret")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return WebhookStore.IsValidWebhookId(webhookId) && await webhooks.RotateSecretAsync(webhookId, cancellationToken) is { } secret
            ? TypedResults.Ok(new WebhookSecretResponse(webhookId, secret))
            : WebhookAnswers.NoSuchWebhook();
    }
}
