using CoP.Shared.DomainEvents;
using CoP.Shared.Webhooks;

namespace CoP.Tests.Webhooks;

/// <summary>The webhooks and their deliveries in Table Storage (Azurite): keys, conditional writes, pages, deletion.</summary>
public sealed class WebhookStoreTests(StorageFixture storage)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AWebhookIsReadBackWithItsKeysAndAReplaceFromAnOldVersionIsRefused()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<WebhookStore>();
        var webhook = NewWebhook();
        var keys = new WebhookSigningKeys(WebhookSecret.New(), null, null);

        var added = await store.AddAsync(webhook, keys, Ct);
        var read = await store.GetAsync(webhook.WebhookId, Ct);

        Assert.NotNull(read);
        Assert.Equal(webhook.WebhookId, read.Webhook.WebhookId);
        Assert.Equal(webhook.Url, read.Webhook.Url);
        Assert.Equal(webhook.EventTypes, read.Webhook.EventTypes);
        Assert.Equal(keys, read.Keys);
        var rotated = keys with { Current = WebhookSecret.New(), Previous = keys.Current, PreviousUntil = Now.AddDays(1) };
        Assert.NotNull(await store.TryReplaceAsync(webhook, rotated, added.Version, Ct));
        Assert.Null(await store.TryReplaceAsync(webhook, keys, added.Version, Ct));
        Assert.Equal(rotated, (await store.GetAsync(webhook.WebhookId, Ct))?.Keys);
    }

    [Fact]
    public async Task ADeliveryIsWrittenOncePerWebhookAndEventAndDeletedWithItsWebhook()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<WebhookStore>();
        var webhook = NewWebhook();
        await store.AddAsync(webhook, new WebhookSigningKeys(WebhookSecret.New(), null, null), Ct);
        var eventId = DomainEvent.IdOf(DomainEventTypes.PollOpened, "poll-1");

        var first = await store.AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhook.WebhookId, eventId, DomainEventTypes.PollOpened, Now), Ct);
        Assert.NotNull(await store.TryReplaceDeliveryAsync(first.Delivery with { Attempts = 1 }, first.Version, Ct));
        var second = await store.AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhook.WebhookId, eventId, DomainEventTypes.PollOpened, Now.AddMinutes(1)), Ct);

        Assert.Equal(1, second.Delivery.Attempts);
        Assert.Equal(Now, second.Delivery.CreatedAt);
        Assert.True(await store.DeleteAsync(webhook.WebhookId, Ct));
        Assert.Null(await store.GetAsync(webhook.WebhookId, Ct));
        Assert.Null(await store.GetDeliveryAsync(webhook.WebhookId, eventId, Ct));
        Assert.False(await store.DeleteAsync(webhook.WebhookId, Ct));
    }

    [Fact]
    public async Task DeliveriesArePagedNewestFirstWithACursor()
    {
        await using var app = TestApp.Create(storage);
        var store = app.Get<WebhookStore>();
        var webhook = NewWebhook();
        await store.AddAsync(webhook, new WebhookSigningKeys(WebhookSecret.New(), null, null), Ct);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var eventId = DomainEvent.IdOf(DomainEventTypes.DocumentPublished, $"doc-{i}");
            ids.Add(eventId);
            await store.AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhook.WebhookId, eventId, DomainEventTypes.DocumentPublished, Now.AddMinutes(i)), Ct);
        }

        var first = await store.ListDeliveriesAsync(webhook.WebhookId, 2, null, Ct);
        Assert.True(WebhookStore.IsValidCursor(first.Cursor));
        var second = await store.ListDeliveriesAsync(webhook.WebhookId, 2, first.Cursor, Ct);
        var third = await store.ListDeliveriesAsync(webhook.WebhookId, 2, second.Cursor, Ct);

        Assert.Equal(
            [ids[4], ids[3], ids[2], ids[1], ids[0]],
            first.Deliveries.Concat(second.Deliveries).Concat(third.Deliveries).Select(d => d.DeliveryId));
        Assert.Null(third.Cursor);
    }

    [Theory]
    [InlineData("wh_0123456789abcdef01234567", true)]
    [InlineData("wh_0123456789ABCDEF01234567", false)]
    [InlineData("wh_0123456789abcdef0123456", false)]
    [InlineData("evt_0123456789abcdef0123456789", false)]
    [InlineData("", false)]
    public void WebhookIdsAreCheckedByShape(string id, bool valid) => Assert.Equal(valid, WebhookStore.IsValidWebhookId(id));

    private static Webhook NewWebhook() =>
        new(WebhookStore.NewWebhookId(), new Uri("https://receiver.example/hooks?x=1"), [DomainEventTypes.PollOpened, DomainEventTypes.DocumentPublished], "CRM", WebhookState.Enabled, Now, 0, null);
}
