using CoP.Functions.Webhooks;
using CoP.Shared.DomainEvents;
using CoP.Shared.Webhooks;
using CoP.TestSupport;

namespace CoP.Tests.Webhooks.Api;

/// <summary>The webhook manage routes driven as an operator's script drives them, for the tests of this folder.</summary>
internal static class WebhookApiFlows
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static object Definition(string url = "https://receiver.example.org/hooks/cop", string[]? eventTypes = null, string? description = "Partner feed") =>
        new { url, eventTypes = eventTypes ?? [DomainEventTypes.DocumentPublished, DomainEventTypes.PollClosed], description };

    public static async Task<TestResponse> CreateAsync(TestApp app, object body)
    {
        var request = app.Json("POST", "/api/manage/webhooks", body);
        return await TestResponse.ExecuteAsync(await app.Function<CreateWebhookFunction>().CreateWebhook(request, Ct), request);
    }

    public static async Task<TestResponse> CreateRawAsync(TestApp app, string body, string? contentType)
    {
        var request = app.Raw("POST", "/api/manage/webhooks", body, contentType);
        return await TestResponse.ExecuteAsync(await app.Function<CreateWebhookFunction>().CreateWebhook(request, Ct), request);
    }

    /// <summary>Creates a webhook; its id and secret.</summary>
    public static async Task<(string Id, string Secret)> WebhookAsync(TestApp app, object? body = null)
    {
        var created = await CreateAsync(app, body ?? Definition());
        Assert.Equal(201, created.Status);
        var json = created.Json();
        return (json.GetProperty("id").GetString()!, json.GetProperty("secret").GetString()!);
    }

    public static async Task<TestResponse> ListAsync(TestApp app)
    {
        var request = app.Get("/api/manage/webhooks");
        return await TestResponse.ExecuteAsync(await app.Function<ListWebhooksFunction>().ListWebhooks(request, Ct), request);
    }

    public static async Task<TestResponse> DeleteAsync(TestApp app, string webhookId)
    {
        var request = TestRequests.Empty(app.Services, "DELETE", $"/api/manage/webhooks/{Uri.EscapeDataString(webhookId)}");
        return await TestResponse.ExecuteAsync(await app.Function<DeleteWebhookFunction>().DeleteWebhook(request, webhookId, Ct), request);
    }

    public static async Task<TestResponse> RotateAsync(TestApp app, string webhookId)
    {
        var request = TestRequests.Empty(app.Services, "POST", $"/api/manage/webhooks/{Uri.EscapeDataString(webhookId)}/rotate-secret");
        return await TestResponse.ExecuteAsync(await app.Function<RotateWebhookSecretFunction>().RotateWebhookSecret(request, webhookId, Ct), request);
    }

    public static async Task<TestResponse> DeliveriesAsync(TestApp app, string webhookId, string query = "")
    {
        var request = app.Get($"/api/manage/webhooks/{Uri.EscapeDataString(webhookId)}/deliveries{query}");
        return await TestResponse.ExecuteAsync(await app.Function<ListWebhookDeliveriesFunction>().ListWebhookDeliveries(request, webhookId, Ct), request);
    }

    public static async Task<TestResponse> RedeliverAsync(TestApp app, string webhookId, string deliveryId)
    {
        var request = TestRequests.Empty(
            app.Services, "POST", $"/api/manage/webhooks/{Uri.EscapeDataString(webhookId)}/deliveries/{Uri.EscapeDataString(deliveryId)}/redeliver");
        return await TestResponse.ExecuteAsync(await app.Function<RedeliverWebhookFunction>().RedeliverWebhook(request, webhookId, deliveryId, Ct), request);
    }

    /// <summary>A delivery of a made-up event to the webhook, as the notifier writes one; the delivery's id.</summary>
    public static async Task<string> DeliveryAsync(TestApp app, string webhookId, string key, DateTimeOffset at)
    {
        var eventId = DomainEvent.IdOf(DomainEventTypes.DocumentPublished, key);
        await app.Get<WebhookStore>().AddDeliveryIfAbsentAsync(WebhookDelivery.New(webhookId, eventId, DomainEventTypes.DocumentPublished, at), Ct);
        return eventId;
    }
}
