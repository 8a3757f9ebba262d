using System.Text.Json;
using CoP.Shared.DomainEvents;
using CoP.Shared.Webhooks;
using CoP.TestSupport;
using static CoP.Tests.Webhooks.WebhookTestFlows;

namespace CoP.Tests.Webhooks;

/// <summary>
/// Deliveries end to end: an event published, its delivery queued, <c>DeliverWebhook</c>'s attempts made as the host
/// makes them, and a local receiver that records what arrived and checks the signatures with an independent
/// implementation of Standard Webhooks.
/// </summary>
public sealed class WebhookDeliveryTests(StorageFixture storage)
{
    [Fact]
    public async Task AnEventArrivesOnceSignedWithTheSecretShownAtCreationAsTheEnvelope()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        await using var app = App(storage);
        var created = await CreateAsync(app, receiver.HookUrl, DomainEventTypes.PollOpened);

        var published = await PublishAsync(app, "0123456789abcdef0123456789abcdef");
        var results = await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.IsType<WebhookAttemptResult.Succeeded>(Assert.Single(results));
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(receiver.HookUrl.PathAndQuery, request.Path);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(published.EventId, request.Headers["webhook-id"]);
        Assert.True(WebhookReceiverServer.Verifies(request, created.Secret));
        Assert.False(WebhookReceiverServer.Verifies(request, WebhookSecret.New()));
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(["type", "timestamp", "data"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("poll.opened", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(published.OccurredAt, body.RootElement.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal(published.Data.GetRawText(), body.RootElement.GetProperty("data").GetRawText());

        var delivery = (await app.Get<WebhookStore>().GetDeliveryAsync(created.Webhook.WebhookId, published.EventId, Ct))?.Delivery;
        Assert.Equal((WebhookDeliveryState.Succeeded, 1, 200), (delivery?.State, delivery?.Attempts, delivery?.LastStatus));
        Assert.Equal("{\"ok\":true}", delivery?.ResponseSnippet);
    }

    [Fact]
    public async Task ADuplicateQueueMessageAndTwoAtOnceSendOnce()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        await using var app = App(storage);
        await CreateAsync(app, receiver.HookUrl);
        await PublishAsync(app, "11111111111111111111111111111111");
        var message = Assert.Single(await TakeQueuedAsync(app));
        var deliverer = app.Get<WebhookDeliverer>();

        var atOnce = await Task.WhenAll(deliverer.DeliverAsync(message, 1, Ct), deliverer.DeliverAsync(message, 1, Ct), deliverer.DeliverAsync(message, 1, Ct));
        var later = await deliverer.DeliverAsync(message, 2, Ct);

        Assert.Single(receiver.Requests);
        Assert.Equal(1, atOnce.Count(r => r is WebhookAttemptResult.Succeeded));
        Assert.All(atOnce.Where(r => r is not WebhookAttemptResult.Succeeded).Append(later), r => Assert.True(r is WebhookAttemptResult.Skipped or WebhookAttemptResult.Deferred, r.ToString()));
        Assert.IsType<WebhookAttemptResult.Skipped>(later);
    }

    [Fact]
    public async Task TheSameEventPublishedAgainIsNotDeliveredAgainAndAWebhookHearsOnlyItsTypes()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        await using var app = App(storage);
        await CreateAsync(app, receiver.HookUrl, DomainEventTypes.PollOpened);

        await PublishAsync(app, "22222222222222222222222222222222");
        await app.DeliverQueuedWebhooksAsync(Ct);
        await PublishAsync(app, "22222222222222222222222222222222");
        await PublishAsync(app, "22222222222222222222222222222222", DomainEventTypes.PollClosed);
        await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.Single(receiver.Requests);
        Assert.Equal(0, await QueuedCountAsync(app));
    }

    [Fact]
    public async Task FailedAttemptsAreRetriedByTheScheduleUntilOneSucceeds()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        receiver.RespondBy(n => n <= 2 ? WebhookReceiverAnswer.ServerError : WebhookReceiverAnswer.Ok);
        await using var app = App(storage, new Dictionary<string, string?> { ["Webhooks:RetrySchedule"] = WebhookOptions.DefaultRetrySchedule });
        var created = await CreateAsync(app, receiver.HookUrl);
        var published = await PublishAsync(app, "33333333333333333333333333333333");
        var deliverer = app.Get<WebhookDeliverer>();

        var first = await deliverer.DeliverAsync(Assert.Single(await TakeQueuedAsync(app)), 1, Ct);
        var second = await deliverer.DeliverAsync(new WebhookDeliveryMessage(created.Webhook.WebhookId, published.EventId, 2).ToJson(), 1, Ct);
        var third = await deliverer.DeliverAsync(new WebhookDeliveryMessage(created.Webhook.WebhookId, published.EventId, 3).ToJson(), 1, Ct);

        Assert.Equal(new WebhookAttemptResult.Retrying(TimeSpan.FromSeconds(5)), first);
        Assert.Equal(new WebhookAttemptResult.Retrying(TimeSpan.FromMinutes(5)), second);
        Assert.IsType<WebhookAttemptResult.Succeeded>(third);
        Assert.Equal(3, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal(published.EventId, r.Headers["webhook-id"]));
        Assert.All(receiver.Requests, r => Assert.True(WebhookReceiverServer.Verifies(r, created.Secret)));
        var delivery = (await app.Get<WebhookStore>().GetDeliveryAsync(created.Webhook.WebhookId, published.EventId, Ct))?.Delivery;
        Assert.Equal((WebhookDeliveryState.Succeeded, 3), (delivery?.State, delivery?.Attempts));
        Assert.Equal(2, await QueuedCountAsync(app)); // the two retries queued by the schedule, superseded: each does nothing when it comes
    }

    [Fact]
    public async Task ARotatedSecretSignsBesideThePreviousOneSoEitherReceiverVerifies()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        await using var app = App(storage);
        var created = await CreateAsync(app, receiver.HookUrl);
        var rotated = await app.Get<WebhookService>().RotateSecretAsync(created.Webhook.WebhookId, Ct);

        await PublishAsync(app, "44444444444444444444444444444444");
        await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.NotNull(rotated);
        Assert.NotEqual(created.Secret, rotated);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(2, request.Headers["webhook-signature"].Split(' ').Length);
        Assert.True(WebhookReceiverServer.Verifies(request, created.Secret));
        Assert.True(WebhookReceiverServer.Verifies(request, rotated));
        Assert.Null(await app.Get<WebhookService>().RotateSecretAsync("wh_000000000000000000000000", Ct));
    }

    [Fact]
    public async Task AHangingReceiverARedirectAndAClosedPortAreFailuresThatNameNoUrl()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        receiver.RespondBy(n => n == 1 ? WebhookReceiverAnswer.Hangs : new WebhookReceiverAnswer(302, Location: "http://169.254.169.254/latest/meta-data"));
        await using var app = App(storage, new Dictionary<string, string?> { ["Webhooks:RequestTimeout"] = "00:00:01", ["Webhooks:RetrySchedule"] = "00:00:00" });
        var created = await CreateAsync(app, new Uri(receiver.HookUrl, "/hooks/path-token-456/community?token=receiver-token-123"));
        var published = await PublishAsync(app, "55555555555555555555555555555555");

        var results = await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.Equal([typeof(WebhookAttemptResult.Retrying), typeof(WebhookAttemptResult.Failed)], results.Select(r => r.GetType()));
        Assert.Equal(2, receiver.Requests.Count);
        var delivery = (await app.Get<WebhookStore>().GetDeliveryAsync(created.Webhook.WebhookId, published.EventId, Ct))?.Delivery;
        Assert.Equal((WebhookDeliveryState.Failed, 302), (delivery?.State, delivery?.LastStatus));
        Assert.DoesNotContain("token", delivery?.LastError ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("receiver-token-123", StringComparison.Ordinal) || e.Message.Contains(created.Secret, StringComparison.Ordinal));

        // The logs are captured from Trace up, the HTTP client's categories too: a hook URL's path (Slack, Discord,
        // Rocket.Chat) holds its token, so the webhook client writes no log line at all.
        Assert.DoesNotContain(app.Logs.Entries, e => e.Message.Contains("path-token-456", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient." + WebhookDeliverer.HttpClientName, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASuccessWhoseBodyNeverFinishesIsASuccess()
    {
        await using var receiver = await WebhookReceiverServer.StartAsync(Ct);
        receiver.RespondBy(_ => new WebhookReceiverAnswer(200, "{\"ok\":", Hang: true));
        await using var app = App(storage, new Dictionary<string, string?> { ["Webhooks:RequestTimeout"] = "00:00:01" });
        var created = await CreateAsync(app, receiver.HookUrl);
        var published = await PublishAsync(app, "66666666666666666666666666666666");

        var results = await app.DeliverQueuedWebhooksAsync(Ct);

        Assert.Equal(200, Assert.IsType<WebhookAttemptResult.Succeeded>(Assert.Single(results)).Status);
        var delivery = (await app.Get<WebhookStore>().GetDeliveryAsync(created.Webhook.WebhookId, published.EventId, Ct))?.Delivery;
        Assert.Equal((WebhookDeliveryState.Succeeded, 200, (string?)null), (delivery?.State, delivery?.LastStatus, delivery?.LastError));
        Assert.Equal((WebhookState.Enabled, 0), ((await app.Get<WebhookService>().GetAsync(created.Webhook.WebhookId, Ct))?.State, (await app.Get<WebhookService>().GetAsync(created.Webhook.WebhookId, Ct))?.ConsecutiveFailures));
    }
}
