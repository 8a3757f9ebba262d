using Azure;
using Azure.Data.Tables;

namespace CoP.Shared.Webhooks;

/// <summary>
/// Row of the <c>Webhooks</c> table: PartitionKey <c>webhook</c> (one partition: they are few, and the notifier and
/// the list read them all), RowKey the webhook id (a point read for the deliverer). Holds the signing secrets, which
/// must be read to sign: the table is reachable only by the app's identity, and a secret is never answered or logged
/// after it was shown once.
/// </summary>
public sealed class WebhookEntity : ITableEntity
{
    public const string Partition = "webhook";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Url { get; set; } = "";
    public string EventTypes { get; set; } = "";
    public string? Description { get; set; }
    public string State { get; set; } = nameof(WebhookState.Enabled);
    public DateTimeOffset CreatedAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public string Secret { get; set; } = "";
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretUntil { get; set; }

    public static WebhookEntity From(Webhook webhook, WebhookSigningKeys keys) => new()
    {
        RowKey = webhook.WebhookId,
        Url = webhook.Url.AbsoluteUri,
        EventTypes = string.Join(',', webhook.EventTypes),
        Description = webhook.Description,
        State = webhook.State.ToString(),
        CreatedAt = webhook.CreatedAt,
        ConsecutiveFailures = webhook.ConsecutiveFailures,
        DisabledAt = webhook.DisabledAt,
        Secret = keys.Current,
        PreviousSecret = keys.Previous,
        PreviousSecretUntil = keys.PreviousUntil,
    };

    public Webhook ToWebhook() => new(
        RowKey,
        new Uri(Url, UriKind.Absolute),
        EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries),
        Description,
        Enum.TryParse<WebhookState>(State, out var state) ? state : WebhookState.Disabled,
        CreatedAt,
        ConsecutiveFailures,
        DisabledAt);

    public StoredWebhook ToStored() => new(ToWebhook(), new WebhookSigningKeys(Secret, PreviousSecret, PreviousSecretUntil), ETag.ToString());
}

/// <summary>
/// Row of the <c>WebhookDeliveries</c> table: PartitionKey the webhook id (its deliveries listed, and deleted with it),
/// RowKey the delivery id, which is the event id (one delivery per webhook and event; a point read for the deliverer).
/// </summary>
public sealed class WebhookDeliveryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string EventId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string State { get; set; } = nameof(WebhookDeliveryState.Pending);
    public int Attempts { get; set; }
    public int SeriesStart { get; set; } = 1;
    public DateTimeOffset SeriesStartedAt { get; set; }
    public bool Redelivered { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public int AnsweredAttempts { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
    public string? ResponseSnippet { get; set; }

    public static WebhookDeliveryEntity From(WebhookDelivery delivery) => new()
    {
        PartitionKey = delivery.WebhookId,
        RowKey = delivery.DeliveryId,
        EventId = delivery.EventId,
        EventType = delivery.EventType,
        State = delivery.State.ToString(),
        Attempts = delivery.Attempts,
        SeriesStart = delivery.SeriesStart,
        SeriesStartedAt = delivery.SeriesStartedAt,
        Redelivered = delivery.Redelivered,
        CreatedAt = delivery.CreatedAt,
        LastAttemptAt = delivery.LastAttemptAt,
        NextAttemptAt = delivery.NextAttemptAt,
        AnsweredAttempts = delivery.AnsweredAttempts,
        LastStatus = delivery.LastStatus,
        LastError = delivery.LastError,
        ResponseSnippet = delivery.ResponseSnippet,
    };

    public WebhookDelivery ToDelivery() => new(
        PartitionKey,
        RowKey,
        EventId,
        EventType,
        Enum.TryParse<WebhookDeliveryState>(State, out var state) ? state : WebhookDeliveryState.Failed,
        Attempts,
        SeriesStart,
        SeriesStartedAt,
        Redelivered,
        CreatedAt,
        LastAttemptAt,
        NextAttemptAt,
        AnsweredAttempts,
        LastStatus,
        LastError,
        ResponseSnippet);

    public StoredWebhookDelivery ToStored() => new(ToDelivery(), ETag.ToString());
}
