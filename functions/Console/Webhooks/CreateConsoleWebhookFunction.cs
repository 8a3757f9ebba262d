using System.Diagnostics;
using System.Text.Json;
using CoP.Shared.Validation;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// POST /api/console/webhooks (fields <c>url</c>, <c>eventTypes</c> repeated, <c>description</c>): adds a webhook with
/// the rules of POST /api/manage/webhooks; audited as <c>webhook.create</c> (its id and types). The answer (201) is the
/// page that shows the signing secret, the only time it is shown: it is not stored where a later page could read it, so
/// there is no redirect. A refused form comes back with its errors (400) and nothing is created.
/// </summary>
public sealed class CreateConsoleWebhookFunction(ConsoleGate gate, WebhookService webhooks)
{
    private const int MaxBodyBytes = 8 * 1024;

    [Function(nameof(CreateConsoleWebhook))]
    public async Task<IResult> CreateConsoleWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/webhooks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        return await gate.ReadFormAsync(request, MaxBodyBytes, cancellationToken) switch
        {
            ConsoleForm.Posted { Session: var session, Fields: var fields } => await CreateAsync(session, fields, cancellationToken),
            ConsoleForm.Refused { Answer: var answer } => answer,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CreateAsync(ConsoleSession.Open session, IFormCollection fields, CancellationToken cancellationToken)
    {
        var form = new WebhooksPage.Form(
            fields["url"].ToString(), [.. fields["eventTypes"].OfType<string>()], fields["description"].ToString(), new Dictionary<string, string[]>());
        switch (WebhookRules.Parse(AsJson(form)))
        {
            case Validated<WebhookDefinition>.Valid { Value: var definition }:
                switch (await webhooks.CreateAsync(definition, cancellationToken))
                {
                    case WebhookCreation.Created { Webhook: var webhook, Secret: var secret }:
                        await gate.RecordAsync(session, "webhook.create", webhook.WebhookId, string.Join(',', webhook.EventTypes), cancellationToken);
                        return WebhooksPage.Secret(StatusCodes.Status201Created, session, webhook, secret, rotated: false);
                    case WebhookCreation.Refused { Errors: var errors }:
                        return await RefusedAsync(session, form with { Errors = errors }, cancellationToken);
                    default:
                        throw new UnreachableException();
                }

            case Validated<WebhookDefinition>.Invalid { Errors: var errors }:
                return await RefusedAsync(session, form with { Errors = errors }, cancellationToken);
            default:
                throw new UnreachableException();
        }
    }

    // The form's fields as the JSON body of POST /api/manage/webhooks, so that both are checked by the same rules.
    private static JsonElement AsJson(WebhooksPage.Form form) => JsonSerializer.SerializeToElement(new Dictionary<string, object?>
    {
        ["url"] = form.Url,
        ["eventTypes"] = form.EventTypes,
        ["description"] = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description,
    });

    private async Task<IResult> RefusedAsync(ConsoleSession.Open session, WebhooksPage.Form form, CancellationToken cancellationToken)
    {
        // A refused value is shown back in its field, but never more of it than the field allows.
        var shown = form with { Url = Bounded(form.Url, WebhookRules.MaxUrlLength), Description = Bounded(form.Description, WebhookRules.MaxDescriptionLength) };
        return WebhooksPage.Show(StatusCodes.Status400BadRequest, session, await webhooks.ListAsync(cancellationToken), shown);
    }

    private static string Bounded(string value, int length) => value.Length <= length ? value : value[..length];
}
