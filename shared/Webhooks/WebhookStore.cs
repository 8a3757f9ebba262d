using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using CoP.Shared.DomainEvents;
using CoP.Shared.Storage;

namespace CoP.Shared.Webhooks;

/// <summary>The <c>Webhooks</c> and <c>WebhookDeliveries</c> tables: the webhooks with their secrets, and each one's deliveries.</summary>
public sealed class WebhookStore(TableServiceClient tables, StorageNames names)
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    private readonly ProvisionedTable _webhooks = new(tables, names.Webhooks);
    private readonly ProvisionedTable _deliveries = new(tables, names.WebhookDeliveries);

    /// <summary>Webhook ids are server-made (<c>wh_</c> and 24 lowercase hex digits); anything else in a route is simply not found.</summary>
    public static bool IsValidWebhookId([NotNullWhen(true)] string? webhookId) =>
        webhookId is { Length: 27 } && webhookId.StartsWith("wh_", StringComparison.Ordinal) && !webhookId.AsSpan(3).ContainsAnyExcept(LowerHex);

    /// <summary>Delivery ids are the ids of the events they deliver.</summary>
    public static bool IsValidDeliveryId([NotNullWhen(true)] string? deliveryId) => DomainEvent.IsValidId(deliveryId);

    /// <summary>Whether <paramref name="cursor"/> has the shape of a cursor <see cref="ListDeliveriesAsync"/> answered.</summary>
    public static bool IsValidCursor(string? cursor) => ParseCursor(cursor) is not null;

    public static string NewWebhookId() => "wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public async Task<StoredWebhook> AddAsync(Webhook webhook, WebhookSigningKeys keys, CancellationToken cancellationToken = default)
    {
        var entity = WebhookEntity.From(webhook, keys);
        var table = await _webhooks.GetClientAsync(cancellationToken);
        var response = await table.AddEntityAsync(entity, cancellationToken);
        return new StoredWebhook(webhook, keys, (response.Headers.ETag ?? default).ToString());
    }

    public async Task<StoredWebhook?> GetAsync(string? webhookId, CancellationToken cancellationToken = default)
    {
        if (!IsValidWebhookId(webhookId))
        {
            return null;
        }

        var table = await _webhooks.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<WebhookEntity>(WebhookEntity.Partition, webhookId, cancellationToken: cancellationToken);
        return row is { HasValue: true, Value: { } entity } ? entity.ToStored() : null;
    }

    /// <summary>Every webhook, oldest first.</summary>
    public async Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken cancellationToken = default)
    {
        var table = await _webhooks.GetClientAsync(cancellationToken);
        var found = new List<Webhook>();
        var filter = TableClient.CreateQueryFilter<WebhookEntity>(e => e.PartitionKey == WebhookEntity.Partition);
        await foreach (var row in table.QueryAsync<WebhookEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(row.ToWebhook());
        }

        return [.. found.OrderBy(w => w.CreatedAt).ThenBy(w => w.WebhookId, StringComparer.Ordinal)];
    }

    /// <summary>Replaces the webhook if it is unchanged since <paramref name="version"/> was read; its new version, or null.</summary>
    public async Task<string?> TryReplaceAsync(Webhook webhook, WebhookSigningKeys keys, string version, CancellationToken cancellationToken = default)
    {
        var entity = WebhookEntity.From(webhook, keys);
        entity.ETag = new ETag(version);
        var table = await _webhooks.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(entity, cancellationToken) ? entity.ETag.ToString() : null;
    }

    /// <summary>Deletes the webhook and its deliveries; false when there was no such webhook.</summary>
    public async Task<bool> DeleteAsync(string? webhookId, CancellationToken cancellationToken = default)
    {
        if (!IsValidWebhookId(webhookId) || await GetAsync(webhookId, cancellationToken) is null)
        {
            return false;
        }

        // The deliveries first: a delete that stops half-way leaves the webhook, and is simply asked again.
        var deliveries = await _deliveries.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<WebhookDeliveryEntity>(e => e.PartitionKey == webhookId);
        var keys = new List<string>();
        await foreach (var row in deliveries.QueryAsync<WebhookDeliveryEntity>(filter, select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            var actions = chunk.Select(rowKey => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(webhookId, rowKey), ETag.All)).ToList();
            await deliveries.SubmitTransactionAsync(actions, cancellationToken);
        }

        var table = await _webhooks.GetClientAsync(cancellationToken);
        try
        {
            await table.DeleteEntityAsync(WebhookEntity.Partition, webhookId, ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false; // Deleted by a concurrent request.
        }
    }

    /// <summary>Writes <paramref name="delivery"/> unless the webhook has a delivery of its id already; the delivery as stored.</summary>
    public async Task<StoredWebhookDelivery> AddDeliveryIfAbsentAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        var entity = WebhookDeliveryEntity.From(delivery);
        var table = await _deliveries.GetClientAsync(cancellationToken);
        if (await table.TryAddAsync(entity, cancellationToken))
        {
            return entity.ToStored();
        }

        return (await GetDeliveryAsync(delivery.WebhookId, delivery.DeliveryId, cancellationToken))
            ?? throw new InvalidOperationException($"Delivery {delivery.DeliveryId} of webhook {delivery.WebhookId} was there and then gone.");
    }

    public async Task<StoredWebhookDelivery?> GetDeliveryAsync(string? webhookId, string? deliveryId, CancellationToken cancellationToken = default)
    {
        if (!IsValidWebhookId(webhookId) || !IsValidDeliveryId(deliveryId))
        {
            return null;
        }

        var table = await _deliveries.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<WebhookDeliveryEntity>(webhookId, deliveryId, cancellationToken: cancellationToken);
        return row is { HasValue: true, Value: { } entity } ? entity.ToStored() : null;
    }

    /// <summary>Replaces the delivery if it is unchanged since <paramref name="version"/> was read; its new version, or null.</summary>
    public async Task<string?> TryReplaceDeliveryAsync(WebhookDelivery delivery, string version, CancellationToken cancellationToken = default)
    {
        var entity = WebhookDeliveryEntity.From(delivery);
        entity.ETag = new ETag(version);
        var table = await _deliveries.GetClientAsync(cancellationToken);
        return await table.TryReplaceAsync(entity, cancellationToken) ? entity.ETag.ToString() : null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> of the webhook's deliveries, newest first, after <paramref name="cursor"/> (from the
    /// previous page; null for the first). A webhook has one delivery per event it heard of, so its partition is read
    /// whole and sorted here.
    /// </summary>
    public async Task<WebhookDeliveryPage> ListDeliveriesAsync(string webhookId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = cursor is null ? null : ParseCursor(cursor);
        if (cursor is not null && after is null)
        {
            throw new ArgumentException("Not a deliveries cursor.", nameof(cursor));
        }

        var table = await _deliveries.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<WebhookDeliveryEntity>(e => e.PartitionKey == webhookId);
        var all = new List<WebhookDelivery>();
        await foreach (var row in table.QueryAsync<WebhookDeliveryEntity>(filter, cancellationToken: cancellationToken))
        {
            all.Add(row.ToDelivery());
        }

        var page = all
            .Where(d => after is null || IsOlder(d, after.Value))
            .OrderByDescending(d => d.CreatedAt.UtcTicks).ThenByDescending(d => d.DeliveryId, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var more = page.Count > limit;
        if (more)
        {
            page.RemoveAt(limit);
        }

        return new WebhookDeliveryPage(page, more ? CursorOf(page[^1]) : null);
    }

    private static bool IsOlder(WebhookDelivery delivery, (long Ticks, string Id) cursor) =>
        delivery.CreatedAt.UtcTicks < cursor.Ticks
        || (delivery.CreatedAt.UtcTicks == cursor.Ticks && string.CompareOrdinal(delivery.DeliveryId, cursor.Id) < 0);

    private static string CursorOf(WebhookDelivery delivery) =>
        delivery.CreatedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + delivery.DeliveryId;

    private static (long Ticks, string Id)? ParseCursor(string? cursor) =>
        cursor is { Length: 50 } && cursor[19] == '-' && !cursor.AsSpan(0, 19).ContainsAnyExceptInRange('0', '9')
        && long.TryParse(cursor.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && IsValidDeliveryId(cursor[20..])
            ? (ticks, cursor[20..])
            : ((long, string)?)null;
}
