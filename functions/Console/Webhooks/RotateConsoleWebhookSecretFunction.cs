using System.Diagnostics;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// POST /api/console/webhooks/{webhookId}/rotate-secret: a new signing secret, as POST
/// /api/manage/webhooks/{webhookId}/rotate-secret; audited as <c>webhook.rotate</c>. The answer (200) is the page that
/// shows the new secret, the only time it is shown (no redirect); the previous secret still signs during the overlap.
/// An unknown webhook is a 404 page.
/// </summary>
public sealed class RotateConsoleWebhookSecretFunction(ConsoleGate gate, WebhookService webhooks)
{
    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(RotateConsoleWebhookSecret))]
    public async Task<IResult> RotateConsoleWebhookSecret(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/webhooks/{webhookId}/rotate-secret")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session } => await RotateAsync(session, webhookId, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> RotateAsync(ConsoleSession.Open session, string webhookId, CancellationToken cancellationToken)
    {
        if (!WebhookStore.IsValidWebhookId(webhookId)
            || await webhooks.RotateSecretAsync(webhookId, cancellationToken) is not { } secret
            || await webhooks.GetAsync(webhookId, cancellationToken) is not { } webhook)
        {
            return WebhooksPage.Missing(session);
        }

        await gate.RecordAsync(session, "webhook.rotate", webhookId, cancellationToken: cancellationToken);
        return WebhooksPage.Secret(StatusCodes.Status200OK, session, webhook, secret, rotated: true);
    }
}
