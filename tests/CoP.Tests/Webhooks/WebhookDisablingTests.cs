using CoP.Shared.Webhooks;
using CoP.TestSupport;
using static CoP.Tests.Webhooks.WebhookTestFlows;

namespace CoP.Tests.Webhooks;

/// <summary>Repeated failure disables a webhook and tells the operators once; a redelivery's success brings it back.</summary>
public sealed class WebhookDisablingTests(StorageFixture storage)
{
    [Fact]
    public async Task FailedDeliveriesInARowDisableTheWebhookMailTheOperatorsOnceAndARedeliveryEnablesItAgain()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        var failing = true;
        receiver.RespondBy(_ => Volatile.Read(ref failing) ? new WebhookReceiverAnswer(503, "down") : WebhookReceiverAnswer.Ok);
        await using var app = App(storage, new Dictionary<string, string?> { ["Webhooks:DisableAfterFailures"] = "2", ["Webhooks:RetrySchedule"] = "00:00:00" });
        var created = await CreateAsync(app, receiver.HookUrl);
        var service = app.Get<WebhookService>();
        var id = created.Webhook.WebhookId;

        await PublishAsync(app, "a0000000000000000000000000000000");
        await app.DeliverQueuedWebhooksAsync(Ct);
        Assert.Equal((WebhookState.Enabled, 1), ((await service.GetAsync(id, Ct))?.State, (await service.GetAsync(id, Ct))?.ConsecutiveFailures));
        var second = await PublishAsync(app, "b0000000000000000000000000000000");
        await app.DeliverQueuedWebhooksAsync(Ct);

        var disabled = await service.GetAsync(id, Ct);
        Assert.Equal((WebhookState.Disabled, 2), (disabled?.State, disabled?.ConsecutiveFailures));
        Assert.Equal(4, receiver.Requests.Count);
        await app.DeliverQueuedMailAsync(Ct);
        var mails = Mails(app, WebhookDisabledNotices.Kind);
        Assert.Equal(["ops-one@example.org", "ops-two@example.org"], mails.Select(m => m.To.Address.ToLowerInvariant()).Order());
        Assert.All(mails, m =>
        {
            Assert.Contains(id, m.TextBody, StringComparison.Ordinal);
            Assert.Contains("127.0.0.1", m.TextBody, StringComparison.Ordinal);
            Assert.Contains("503", m.TextBody, StringComparison.Ordinal);
            Assert.Contains($"https://cop.example.org/api/console/webhooks/{id}", m.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("receiver-token-123", m.TextBody + m.HtmlBody, StringComparison.Ordinal);
        });

        // Disabled: a new event is not delivered to it, and more failures mail nobody again.
        await PublishAsync(app, "c0000000000000000000000000000000");
        Assert.Empty(await app.DeliverQueuedWebhooksAsync(Ct));
        Assert.Equal(4, receiver.Requests.Count);

        Volatile.Write(ref failing, false);
        var redelivery = await service.RedeliverAsync(id, second.EventId, Ct);
        var results = await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.IsType<Redelivery.Queued>(redelivery);
        Assert.IsType<WebhookAttemptResult.Succeeded>(Assert.Single(results));
        Assert.Equal(second.EventId, receiver.Requests[^1].Headers["webhook-id"]);
        var enabled = await service.GetAsync(id, Ct);
        Assert.Equal((WebhookState.Enabled, 0, (DateTimeOffset?)null), (enabled?.State, enabled?.ConsecutiveFailures, enabled?.DisabledAt));
        await app.DeliverQueuedMailAsync(Ct);
        Assert.Equal(2, Mails(app, WebhookDisabledNotices.Kind).Count);
    }

    [Fact]
    public async Task ASuccessOfAnAttemptBegunBeforeTheDisablingLeavesTheWebhookDisabled()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        await using var app = App(storage, new Dictionary<string, string?> { ["Webhooks:DisableAfterFailures"] = "1" });
        var id = (await CreateAsync(app, receiver.HookUrl)).Webhook.WebhookId;
        var health = app.Get<WebhookHealth>();
        var service = app.Get<WebhookService>();

        await health.RecordFailureAsync(id, 503, Ct);
        var disabledAt = (await service.GetAsync(id, Ct))?.DisabledAt ?? throw new InvalidOperationException("The webhook was not disabled.");
        await health.RecordSuccessAsync(id, disabledAt - TimeSpan.FromSeconds(1), Ct);
        var stillDisabled = await service.GetAsync(id, Ct);
        await health.RecordSuccessAsync(id, disabledAt, Ct);
        var enabled = await service.GetAsync(id, Ct);

        Assert.Equal((WebhookState.Disabled, 1, (DateTimeOffset?)disabledAt), (stillDisabled?.State, stillDisabled?.ConsecutiveFailures, stillDisabled?.DisabledAt));
        Assert.Equal((WebhookState.Enabled, 0, (DateTimeOffset?)null), (enabled?.State, enabled?.ConsecutiveFailures, enabled?.DisabledAt));
    }

    [Fact]
    public async Task ARedeliveryOfAnUnknownWebhookOrDeliveryIsNotFoundAndTheDeliveriesArePaged()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        await using var app = App(storage);
        var created = await CreateAsync(app, receiver.HookUrl);
        var service = app.Get<WebhookService>();
        var published = await PublishAsync(app, "d0000000000000000000000000000000");
        await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.IsType<Redelivery.NotFound>(await service.RedeliverAsync("wh_000000000000000000000000", published.EventId, Ct));
        Assert.IsType<Redelivery.NotFound>(await service.RedeliverAsync(created.Webhook.WebhookId, "evt_00000000000000000000000000", Ct));
        Assert.IsType<Redelivery.NotFound>(await service.RedeliverAsync(created.Webhook.WebhookId, "../etc", Ct));
        var page = await service.ListDeliveriesAsync(created.Webhook.WebhookId, 10, null, Ct);
        Assert.Equal(published.EventId, Assert.Single(page?.Deliveries ?? []).DeliveryId);
        Assert.Null(await service.ListDeliveriesAsync("wh_000000000000000000000000", 10, null, Ct));
        Assert.True(await service.DeleteAsync(created.Webhook.WebhookId, Ct));
        Assert.Empty(await service.ListAsync(Ct));
    }
}
