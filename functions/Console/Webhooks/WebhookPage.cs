using System.Diagnostics;
using CoP.Shared.Webhooks;
using Microsoft.AspNetCore.Http;

namespace CoP.Functions.Console.Webhooks;

/// <summary>
/// One webhook's page in the console, shared by the page and by the refusal of its delete form: the subscription and its
/// state, a page of its deliveries (newest first) with a redeliver button each, the rotate button and the delete form.
/// </summary>
public static class WebhookPage
{
    /// <summary>How many deliveries one page shows.</summary>
    public const int PageSize = 20;

    private const int MaxSnippetShown = 200;

    /// <summary>What the page says was just done: nothing, or <c>redelivered</c>.</summary>
    public static class Done
    {
        public const string None = "";

        public const string Redelivered = "redelivered";
    }

    /// <summary>A webhook and a page of its deliveries.</summary>
    public sealed record Content(Webhook Webhook, WebhookDeliveryPage Deliveries);

    /// <summary>The webhook <paramref name="webhookId"/> and the page of its deliveries from <paramref name="cursor"/> on; null when there is no such webhook.</summary>
    public static async Task<Content?> ReadAsync(WebhookService webhooks, string webhookId, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        if (!WebhookStore.IsValidWebhookId(webhookId) || await webhooks.GetAsync(webhookId, cancellationToken) is not { } webhook)
        {
            return null;
        }

        // A cursor that is not one this page made (edited by hand) shows the first page.
        var from = WebhookStore.IsValidCursor(cursor) ? cursor : null;
        return await webhooks.ListDeliveriesAsync(webhookId, PageSize, from, cancellationToken) is { } deliveries ? new Content(webhook, deliveries) : null;
    }

    public static IResult Show(
        int status, ConsoleSession.Open session, Webhook webhook, WebhookDeliveryPage deliveries, string done, bool deleteError = false)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(deliveries);
        return ConsoleGate.Page(status, "console-webhook", session, language => new
        {
            webhook.WebhookId,
            Url = webhook.Url.AbsoluteUri,
            EventTypes = WebhooksPage.EventTypesOf(webhook),
            Description = webhook.Description ?? "",
            Disabled = webhook.State == WebhookState.Disabled,
            DisabledAt = webhook.DisabledAt is { } at ? ConsoleFormat.Time(at, language) : "",
            webhook.ConsecutiveFailures,
            Created = ConsoleFormat.Time(webhook.CreatedAt, language),
            Deliveries = deliveries.Deliveries.Select(delivery => new
            {
                delivery.DeliveryId,
                delivery.EventType,
                State = StateOf(delivery.State),
                delivery.Attempts,
                LastAttempt = delivery.LastAttemptAt is { } last ? ConsoleFormat.Time(last, language) : "",
                NextAttempt = delivery.State == WebhookDeliveryState.Pending && delivery.NextAttemptAt is { } next ? ConsoleFormat.Time(next, language) : "",
                LastStatus = delivery.LastStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                LastError = delivery.LastError ?? "",
                Snippet = Shortened(delivery.ResponseSnippet ?? ""),
            }).ToArray(),
            Next = deliveries.Cursor is { } cursor ? $"{WebhooksPage.Url(webhook.WebhookId)}?cursor={Uri.EscapeDataString(cursor)}" : "",
            Redelivered = done == Done.Redelivered,
            DeleteError = deleteError,
        });
    }

    // The start of the receiver's answer, enough to tell what it said (the JSON routes give all that is kept).
    private static string Shortened(string snippet) => snippet.Length <= MaxSnippetShown ? snippet : snippet[..MaxSnippetShown] + "…";

    // The template says each state in its language.
    private static string StateOf(WebhookDeliveryState state) => state switch
    {
        WebhookDeliveryState.Pending => "pending",
        WebhookDeliveryState.Succeeded => "succeeded",
        WebhookDeliveryState.Failed => "failed",
        _ => throw new UnreachableException(),
    };
}
