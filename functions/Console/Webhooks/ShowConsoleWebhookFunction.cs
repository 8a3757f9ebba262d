using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// GET /api/console/webhooks/{webhookId}?cursor=: a webhook: its subscription and state, its deliveries (newest first, a
/// page at a time) each with a redeliver button, the rotate button and the delete form. <c>?done=redelivered</c> says a
/// delivery was just queued again. An unknown id gets a 404 page.
/// </summary>
public sealed class ShowConsoleWebhookFunction(ConsoleGate gate, WebhookService webhooks)
{
    [Function(nameof(ShowConsoleWebhook))]
    public async Task<IResult> ShowConsoleWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/webhooks/{webhookId}")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var cursor = request.Query["cursor"] is [{ Length: > 0 } one] ? one : null;
        if (await WebhookPage.ReadAsync(webhooks, webhookId, cursor, cancellationToken) is not { } content)
        {
            return WebhooksPage.Missing(session);
        }

        var done = request.Query["done"] == WebhookPage.Done.Redelivered ? WebhookPage.Done.Redelivered : WebhookPage.Done.None;
        return WebhookPage.Show(StatusCodes.Status200OK, session, content.Webhook, content.Deliveries, done);
    }
}
