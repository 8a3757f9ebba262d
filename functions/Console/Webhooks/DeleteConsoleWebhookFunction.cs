using System.Diagnostics;
using CoP.Functions.Http;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// POST /api/console/webhooks/{webhookId}/delete (field <c>confirm</c> = <c>delete</c>, the box the operator ticks):
/// deletes the webhook and its deliveries as DELETE /api/manage/webhooks/{webhookId} does; audited as
/// <c>webhook.delete</c>; 303 to the list with <c>?deleted=1</c>. Without the confirmation the webhook's page comes back
/// (400) with the field's error and nothing is deleted. An unknown (or already deleted) webhook is a 404 page.
/// </summary>
public sealed class DeleteConsoleWebhookFunction(ConsoleGate gate, WebhookService webhooks)
{
    public const string Confirmation = "delete";

    private const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(DeleteConsoleWebhook))]
    public async Task<IResult> DeleteConsoleWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/webhooks/{webhookId}/delete")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await DeleteAsync(session, webhookId, fields["confirm"].ToString(), cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> DeleteAsync(ConsoleSession.Open session, string webhookId, string confirm, CancellationToken cancellationToken)
    {
        if (confirm != Confirmation)
        {
            return await WebhookPage.ReadAsync(webhooks, webhookId, cursor: null, cancellationToken) is { } content
                ? WebhookPage.Show(StatusCodes.Status400BadRequest, session, content.Webhook, content.Deliveries, WebhookPage.Done.None, deleteError: true)
                : WebhooksPage.Missing(session);
        }

        if (!WebhookStore.IsValidWebhookId(webhookId) || !await webhooks.DeleteAsync(webhookId, cancellationToken))
        {
            // Never there, or deleted meanwhile by a concurrent delete (a second click) that did the audit row.
            return WebhooksPage.Missing(session);
        }

        await gate.RecordAsync(session, "webhook.delete", webhookId, cancellationToken: cancellationToken);
        return HtmlPages.SeeOther($"{ConsoleGate.Home}/webhooks?deleted=1");
    }
}
