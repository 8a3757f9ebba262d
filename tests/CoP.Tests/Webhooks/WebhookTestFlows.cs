using System.Text.Json;
using CoP.Shared.DomainEvents;
using CoP.Shared.Email;
using CoP.Shared.Validation;
using CoP.Shared.Webhooks;

namespace CoP.Tests.Webhooks;

/// <summary>The webhook tests' shared steps: an app with a receiver, a webhook, published events, the queue drained as the host would.</summary>
internal static class WebhookTestFlows
{
    public const string Operators = "ops-one@example.org, ops-two@example.org";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The app, with retries due at once (so a drain plays the whole schedule) unless <paramref name="settings"/> say otherwise.</summary>
    public static TestApp App(StorageFixture storage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Console:Operators"] = Operators,
            ["Webhooks:RetrySchedule"] = "00:00:00,00:00:00",
            ["Webhooks:RequestTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return TestApp.Create(storage, values);
    }

    /// <summary>Creates a webhook to <paramref name="url"/> for <paramref name="types"/> (all when none): it and its secret.</summary>
    public static async Task<WebhookCreation.Created> CreateAsync(TestApp app, Uri url, params string[] types)
    {
        var body = JsonSerializer.SerializeToElement(new { url = url.AbsoluteUri, eventTypes = types.Length == 0 ? ["*"] : types, description = "The CRM" });
        var definition = Assert.IsType<Validated<WebhookDefinition>.Valid>(WebhookRules.Parse(body)).Value;
        return Assert.IsType<WebhookCreation.Created>(await app.Get<WebhookService>().CreateAsync(definition, Ct));
    }

    /// <summary>Publishes a poll-opened event for <paramref name="key"/>; the event as recorded.</summary>
    public static async Task<DomainEvent> PublishAsync(TestApp app, string key, string type = DomainEventTypes.PollOpened)
    {
        var data = JsonSerializer.SerializeToElement(new { id = key, title = "Cover crops: which first?", url = $"https://cop.example.org/api/polls/{key}", topics = new[] { "soil-carbon" } });
        var draft = new DomainEventDraft(type, key, "Cover crops: which first?", $"https://cop.example.org/api/polls/{key}", ["soil-carbon"], "", data);
        return (await app.Get<DomainEventLog>().PublishAsync(draft, Ct)).Event;
    }

    /// <summary>The messages waiting in the webhook queue that are visible now, taken off it.</summary>
    public static async Task<IReadOnlyList<string>> TakeQueuedAsync(TestApp app)
    {
        var queue = await app.Get<QueuedWebhookDeliveries>().GetClientAsync(Ct);
        var taken = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), Ct)).Value is { Length: > 0 } batch)
        {
            foreach (var message in batch)
            {
                taken.Add(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
            }
        }

        return taken;
    }

    /// <summary>Messages in the webhook queue, visible or not.</summary>
    public static async Task<int> QueuedCountAsync(TestApp app)
    {
        var queue = await app.Get<QueuedWebhookDeliveries>().GetClientAsync(Ct);
        return (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount;
    }

    public static IReadOnlyList<OutboxMessage> Mails(TestApp app, string category) =>
        [.. LocalOutbox.ReadAll(app.OutboxPath).Where(m => m.Category == category)];
}

/// <summary>The host's queue trigger for <c>DeliverWebhook</c>, played in the tests.</summary>
internal static class WebhookTestApp
{
    /// <summary>
    /// Makes every attempt queued so far and those they queue that are due at once, as the host's queue trigger does:
    /// what each attempt did, in order. An attempt that throws is retried like the host retries it (up to
    /// <see cref="WebhookDeliverer.MaxDequeueCount"/> deliveries), then poisoned.
    /// </summary>
    public static async Task<IReadOnlyList<WebhookAttemptResult>> DeliverQueuedWebhooksAsync(this TestApp app, CancellationToken cancellationToken = default)
    {
        var queue = await app.Get<QueuedWebhookDeliveries>().GetClientAsync(cancellationToken);
        var deliverer = app.Get<WebhookDeliverer>();
        var results = new List<WebhookAttemptResult>();
        while ((await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(1), cancellationToken)).Value is [var message])
        {
            try
            {
                results.Add(await deliverer.DeliverAsync(message.Body.ToString(), message.DequeueCount, cancellationToken));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
            catch (Exception) when (message.DequeueCount < WebhookDeliverer.MaxDequeueCount)
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
            }
        }

        return results;
    }
}
