using System.Diagnostics;
using CoP.Shared.Webhooks;

namespace CoP.Functions.Webhooks;

/// <summary>A webhook as the manage routes answer it: never a secret.</summary>
public sealed record WebhookResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, string State, DateTimeOffset CreatedAt, int ConsecutiveFailures, DateTimeOffset? DisabledAt)
{
    public static WebhookResponse From(Webhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new(
            webhook.WebhookId, webhook.Url.AbsoluteUri, webhook.EventTypes, webhook.Description, StateOf(webhook.State), webhook.CreatedAt,
            webhook.ConsecutiveFailures, webhook.DisabledAt);
    }

    internal static string StateOf(WebhookState state) => state switch
    {
        WebhookState.Enabled => "enabled",
        WebhookState.Disabled => "disabled",
        _ => throw new UnreachableException(),
    };
}

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> Webhooks);

/// <summary>The answer of a creation: the webhook and its signing secret, the only time the secret is shown.</summary>
public sealed record WebhookCreatedResponse(
    string Id, string Url, IReadOnlyList<string> EventTypes, string? Description, string State, DateTimeOffset CreatedAt, string Secret)
{
    public static WebhookCreatedResponse From(Webhook webhook, string secret)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return new(webhook.WebhookId, webhook.Url.AbsoluteUri, webhook.EventTypes, webhook.Description, WebhookResponse.StateOf(webhook.State), webhook.CreatedAt, secret);
    }
}

/// <summary>The answer of a rotation: the new secret, the only time it is shown.</summary>
public sealed record WebhookSecretResponse(string Id, string Secret);

/// <summary>One delivery as the manage routes answer it (no part of the target's address).</summary>
public sealed record WebhookDeliveryResponse(
    string Id, string EventId, string EventType, string State, int Attempts, DateTimeOffset? LastAttemptAt, DateTimeOffset? NextAttemptAt,
    int? LastStatus, string? LastError, string? ResponseSnippet)
{
    public static WebhookDeliveryResponse From(WebhookDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new(
            delivery.DeliveryId, delivery.EventId, delivery.EventType, StateOf(delivery.State), delivery.Attempts, delivery.LastAttemptAt,
            delivery.NextAttemptAt, delivery.LastStatus, delivery.LastError, delivery.ResponseSnippet);
    }

    private static string StateOf(WebhookDeliveryState state) => state switch
    {
        WebhookDeliveryState.Pending => "pending",
        WebhookDeliveryState.Succeeded => "succeeded",
        WebhookDeliveryState.Failed => "failed",
        _ => throw new UnreachableException(),
    };
}

public sealed record WebhookDeliveryPageResponse(IReadOnlyList<WebhookDeliveryResponse> Deliveries, string? NextCursor)
{
    public static WebhookDeliveryPageResponse From(WebhookDeliveryPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new(page.Deliveries.Select(WebhookDeliveryResponse.From).ToList(), page.Cursor);
    }
}
