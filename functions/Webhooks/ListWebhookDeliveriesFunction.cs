using System.Diagnostics;
using System.Globalization;
using CoP.Functions.Http;
using CoP.Shared.Validation;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Webhooks;

/// <summary>
/// GET /api/manage/webhooks/{webhookId}/deliveries?cursor=&amp;limit= (function key): a webhook's deliveries, newest first,
/// a page at a time (<c>nextCursor</c>): state, attempts, the receiver's last status and the start of its answer.
/// </summary>
public sealed class ListWebhookDeliveriesFunction(WebhookService webhooks)
{
    public const int DefaultLimit = 20;

    public const int MaxLimit = WebhookService.MaxDeliveriesPage;

    [Function(nameof(ListWebhookDeliveries))]
    public async Task<IResult> ListWebhookDeliveries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "manage/webhooks/{webhookId}/deliveries")] HttpRequest request,
        string webhookId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        if (!WebhookStore.IsValidWebhookId(webhookId))
        {
            return WebhookAnswers.NoSuchWebhook();
        }

        return Query(request) switch
        {
            Validated<(int Limit, string? Cursor)>.Valid { Value: var (limit, cursor) } =>
                await webhooks.ListDeliveriesAsync(webhookId, limit, cursor, cancellationToken) is { } page
                    ? TypedResults.Ok(WebhookDeliveryPageResponse.From(page))
                    : WebhookAnswers.NoSuchWebhook(),
            Validated<(int Limit, string? Cursor)>.Invalid { Errors: var errors } => Problems.Validation(errors),
            _ => throw new UnreachableException(),
        };
    }

    private static Validated<(int Limit, string? Cursor)> Query(HttpRequest request)
    {
        var errors = new FieldErrors();
        var cursor = QueryParameters.One(request, "cursor", errors);
        if (cursor is not null && !WebhookStore.IsValidCursor(cursor))
        {
            errors.Add("cursor", "Pass the nextCursor of the previous page unchanged.");
        }

        var limit = Limit(request, errors);
        return errors.Result(() => (limit, cursor));
    }

    private static int Limit(HttpRequest request, FieldErrors errors)
    {
        if (QueryParameters.One(request, "limit", errors) is not { } text)
        {
            return DefaultLimit;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > MaxLimit)
        {
            errors.Add("limit", $"Use a whole number from 1 to {MaxLimit}.");
        }

        return limit;
    }
}
