using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Webhooks;

/// <summary>What creating a webhook did.</summary>
public abstract record WebhookCreation
{
    private WebhookCreation()
    {
    }

    /// <summary>Created, with its signing secret: shown now, and never again.</summary>
    public sealed record Created(Webhook Webhook, string Secret) : WebhookCreation;

    /// <summary>The target is not allowed (the target policy); nothing was created. Errors by field, as a 400 answers them.</summary>
    public sealed record Refused(IReadOnlyDictionary<string, string[]> Errors) : WebhookCreation;
}

/// <summary>What asking for a redelivery did.</summary>
public abstract record Redelivery
{
    private Redelivery()
    {
    }

    /// <summary>A fresh series of attempts is queued for the delivery (same event, same <c>webhook-id</c>).</summary>
    public sealed record Queued(WebhookDelivery Delivery) : Redelivery;

    /// <summary>No such webhook, or no such delivery of it.</summary>
    public sealed record NotFound : Redelivery;
}

/// <summary>
/// The operators' side of outgoing webhooks: create (the secret answered once), list, delete, rotate the secret, look at
/// the deliveries and redeliver one. The deliveries themselves are <c>WebhookDeliverer</c>'s.
/// </summary>
public sealed partial class WebhookService(
    WebhookStore store,
    QueuedWebhookDeliveries queue,
    WebhookTargetPolicy policy,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookService> logger)
{
    /// <summary>The most webhooks there may be: each event is delivered to every one.</summary>
    public const int MaxWebhooks = 50;

    /// <summary>The largest page of deliveries.</summary>
    public const int MaxDeliveriesPage = 100;

    public async Task<WebhookCreation> CreateAsync(WebhookDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (await policy.CheckAsync(definition.Url, cancellationToken) is { } refusal)
        {
            return Refused("url", refusal);
        }

        if ((await store.ListAsync(cancellationToken)).Count >= MaxWebhooks)
        {
            return Refused("url", $"There are {MaxWebhooks} webhooks already; delete one first.");
        }

        var secret = WebhookSecret.New();
        var webhook = new Webhook(
            WebhookStore.NewWebhookId(), definition.Url, definition.EventTypes, definition.Description, WebhookState.Enabled, time.GetUtcNow(), 0, null);
        await store.AddAsync(webhook, new WebhookSigningKeys(secret, null, null), cancellationToken);
        LogCreated(logger, webhook.WebhookId, webhook.Url.Host);
        return new WebhookCreation.Created(webhook, secret);
    }

    /// <summary>Every webhook, oldest first (no secrets).</summary>
    public Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken cancellationToken = default) => store.ListAsync(cancellationToken);

    public async Task<Webhook?> GetAsync(string? webhookId, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(webhookId, cancellationToken))?.Webhook;

    /// <summary>Deletes the webhook and its deliveries; false when there was none. Attempts still queued find nothing to do.</summary>
    public async Task<bool> DeleteAsync(string? webhookId, CancellationToken cancellationToken = default)
    {
        if (!await store.DeleteAsync(webhookId, cancellationToken) || webhookId is null)
        {
            return false;
        }

        LogDeleted(logger, webhookId);
        return true;
    }

    /// <summary>
    /// Gives the webhook a new secret, answered now and never again; the previous one still signs for
    /// <see cref="WebhookOptions.SecretRotationOverlap"/>, so deliveries carry both signatures meanwhile. Null when
    /// there is no such webhook.
    /// </summary>
    public async Task<string?> RotateSecretAsync(string? webhookId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (await store.GetAsync(webhookId, cancellationToken) is not { } stored)
            {
                return null;
            }

            var secret = WebhookSecret.New();
            var keys = new WebhookSigningKeys(secret, stored.Keys.Current, time.GetUtcNow() + options.Value.SecretRotationOverlap);
            if (await store.TryReplaceAsync(stored.Webhook, keys, stored.Version, cancellationToken) is not null)
            {
                LogRotated(logger, stored.Webhook.WebhookId);
                return secret;
            }
        }
    }

    /// <summary>A page of the webhook's deliveries, newest first; null when there is no such webhook.</summary>
    /// <param name="webhookId">The webhook.</param>
    /// <param name="limit">At most this many (1 to <see cref="MaxDeliveriesPage"/>).</param>
    /// <param name="cursor">The previous page's cursor, or null (check it with <see cref="WebhookStore.IsValidCursor"/>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<WebhookDeliveryPage?> ListDeliveriesAsync(string? webhookId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxDeliveriesPage);
        return await store.GetAsync(webhookId, cancellationToken) is { } stored
            ? await store.ListDeliveriesAsync(stored.Webhook.WebhookId, limit, cursor, cancellationToken)
            : null;
    }

    /// <summary>
    /// Starts a fresh series of attempts for a delivery (whatever its state): the same event, the same <c>webhook-id</c>,
    /// the retry schedule from its start. Allowed on a disabled webhook, whose success enables it again.
    /// </summary>
    public async Task<Redelivery> RedeliverAsync(string? webhookId, string? deliveryId, CancellationToken cancellationToken = default)
    {
        if (await store.GetAsync(webhookId, cancellationToken) is null)
        {
            return new Redelivery.NotFound();
        }

        while (true)
        {
            if (await store.GetDeliveryAsync(webhookId, deliveryId, cancellationToken) is not { } stored)
            {
                return new Redelivery.NotFound();
            }

            var now = time.GetUtcNow();
            var series = stored.Delivery with
            {
                State = WebhookDeliveryState.Pending,
                SeriesStart = stored.Delivery.Attempts + 1,
                SeriesStartedAt = now,
                Redelivered = true,
                NextAttemptAt = now,
            };
            if (await store.TryReplaceDeliveryAsync(series, stored.Version, cancellationToken) is not null)
            {
                await queue.EnqueueAsync(new WebhookDeliveryMessage(series.WebhookId, series.DeliveryId, series.SeriesStart), TimeSpan.Zero, cancellationToken);
                LogRedelivery(logger, series.WebhookId, series.DeliveryId);
                return new Redelivery.Queued(series);
            }
        }
    }

    private static WebhookCreation.Refused Refused(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    [LoggerMessage(EventId = 13060, Level = LogLevel.Information, Message = "Webhook {WebhookId} was created for host {Host}")]
    private static partial void LogCreated(ILogger logger, string webhookId, string host);

    [LoggerMessage(EventId = 13061, Level = LogLevel.Information, Message = "Webhook {WebhookId} was deleted with its deliveries")]
    private static partial void LogDeleted(ILogger logger, string webhookId);

    [LoggerMessage(EventId = 13062, Level = LogLevel.Information, Message = "Webhook {WebhookId} has a new secret; the previous one signs until the overlap ends")]
    private static partial void LogRotated(ILogger logger, string webhookId);

    [LoggerMessage(EventId = 13063, Level = LogLevel.Information, Message = "Delivery {DeliveryId} of webhook {WebhookId} was queued again by an operator")]
    private static partial void LogRedelivery(ILogger logger, string webhookId, string deliveryId);
}
