using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// GET /api/console/webhooks: every webhook (address, event types, state, failures in a row) and the form to add one.
/// <c>?deleted=1</c> says a webhook was just deleted.
/// </summary>
public sealed class ShowConsoleWebhooksFunction(ConsoleGate gate, WebhookService webhooks)
{
    [Function(nameof(ShowConsoleWebhooks))]
    public async Task<IResult> ShowConsoleWebhooks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/webhooks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (await gate.AuthenticateAsync(request, cancellationToken) is not ConsoleSession.Open session)
        {
            return ConsoleGate.SignInRequired(request);
        }

        var all = await webhooks.ListAsync(cancellationToken);
        return WebhooksPage.Show(StatusCodes.Status200OK, session, all, WebhooksPage.Form.Empty, deleted: request.Query["deleted"] == "1");
    }
}
