using System.Diagnostics;
using System.Text.Json;
using CoP.Functions.Http;
using CoP.Shared.Webhooks;
using CoP.Shared.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>
/// POST /api/manage/webhooks (function key): subscribes an https address to event types. The answer (201) holds the
/// signing secret, the only time it is shown; a refused address or type is a 400 problem naming the field.
/// </summary>
public sealed class CreateWebhookFunction(WebhookService webhooks)
{
    [Function(nameof(CreateWebhook))]
    public async Task<IResult> CreateWebhook(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "manage/webhooks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await JsonRequestBody.ReadAsync<Dictionary<string, JsonElement>>(request, JsonRequestBody.DefaultMaxBytes, cancellationToken) switch
        {
            RequestBody<Dictionary<string, JsonElement>>.Read { Value: var body } => await CreateAsync(JsonSerializer.SerializeToElement(body), cancellationToken),
            RequestBody<Dictionary<string, JsonElement>>.Refused { Problem: var problem } => problem,
            _ => throw new UnreachableException(),
        };
    }

    private async Task<IResult> CreateAsync(JsonElement body, CancellationToken cancellationToken) =>
        WebhookRules.Parse(body) switch
        {
            Validated<WebhookDefinition>.Valid { Value: var definition } => Answer(await webhooks.CreateAsync(definition, cancellationToken)),
            Validated<WebhookDefinition>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };

    private static IResult Answer(WebhookCreation creation) => creation switch
    {
        WebhookCreation.Created { Webhook: var webhook, Secret: var secret } => TypedResults.Created((string?)null, WebhookCreatedResponse.From(webhook, secret)),
        WebhookCreation.Refused { Errors: var errors } => Problems.Validation(errors),
        _ => throw new UnreachableException(),
    };
}
