namespace CoP.Shared.Webhooks;

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Waiting for its next attempt (or being attempted).</summary>
    Pending,

    /// <summary>The receiver answered 2xx: it is never sent again, unless an operator redelivers it.</summary>
    Succeeded,

    /// <summary>Every attempt of its schedule failed (or the webhook was disabled before it went out).</summary>
    Failed,
}

/// <summary>
/// One event's delivery to one webhook, with the attempts made for it. Its id is the event's id: one delivery per
/// (webhook, event), however often the event is dispatched, and the same <c>webhook-id</c> on every attempt. Holds no
/// part of the target's URL and at most the first 512 characters of the receiver's answer.
/// </summary>
/// <param name="WebhookId">The webhook's id.</param>
/// <param name="DeliveryId">The delivery's id: the event's id.</param>
/// <param name="EventId">The event's id.</param>
/// <param name="EventType">The event's type.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Attempts">Attempts made, every series counted (the number of the last attempt).</param>
/// <param name="SeriesStart">The number of the first attempt of the current series (1, or where a redelivery began).</param>
/// <param name="SeriesStartedAt">When the current series began (creation, or the redelivery).</param>
/// <param name="Redelivered">Whether the current series is an operator's redelivery (sent even to a disabled webhook).</param>
/// <param name="CreatedAt">When the delivery was created.</param>
/// <param name="LastAttemptAt">When the last attempt began.</param>
/// <param name="NextAttemptAt">When the next attempt is due, while one is.</param>
/// <param name="AnsweredAttempts">The number of the last attempt whose outcome was recorded.</param>
/// <param name="LastStatus">The HTTP status of the last answer, if there was one.</param>
/// <param name="LastError">Why the last attempt failed (no URL, no secret), or null.</param>
/// <param name="ResponseSnippet">The first characters of the last answer's body, or null.</param>
public sealed record WebhookDelivery(
    string WebhookId,
    string DeliveryId,
    string EventId,
    string EventType,
    WebhookDeliveryState State,
    int Attempts,
    int SeriesStart,
    DateTimeOffset SeriesStartedAt,
    bool Redelivered,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    int AnsweredAttempts,
    int? LastStatus,
    string? LastError,
    string? ResponseSnippet)
{
    /// <summary>The longest part of a receiver's answer that is kept.</summary>
    public const int MaxSnippetLength = 512;

    /// <summary>A new delivery of an event, waiting for its first attempt.</summary>
    public static WebhookDelivery New(string webhookId, string eventId, string eventType, DateTimeOffset now) =>
        new(webhookId, eventId, eventId, eventType, WebhookDeliveryState.Pending, 0, 1, now, false, now, null, now, 0, null, null, null);
}

/// <summary>A delivery as stored, with the version that conditional writes compare.</summary>
public sealed record StoredWebhookDelivery(WebhookDelivery Delivery, string Version);

/// <summary>One page of a webhook's deliveries, newest first, and the cursor of the next page (null on the last).</summary>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, string? Cursor);
