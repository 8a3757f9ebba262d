using System.Globalization;
using System.Text;
using System.Text.Json;
using CoP.Functions.Chat;
using CoP.Functions.Webhooks;
using CoP.Shared.Chat;
using CoP.Shared.DomainEvents;
using CoP.Shared.Storage;
using CoP.Shared.Webhooks;
using CoP.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoP.Benchmarks.Scenarios;

/// <summary>
/// Domain events from publication to the chat and to a webhook, with the app's object graph, Azurite, the local fake
/// Rocket.Chat and a local webhook receiver subscribed to every type: as many events as entities (200 with
/// <c>--quick</c>) published through <see cref="DomainEventLog"/> (publishes per second, their p50 latency, storage round
/// trips, against the run's raw table insert); then the <c>chat-posts</c> queue handed to <see cref="PostToChatFunction"/>
/// and the <c>webhook-deliveries</c> queue to <see cref="DeliverWebhookFunction"/>, as the host's queue triggers would
/// (events delivered per second and storage round trips, against the raw table insert: storage bounds them, as the same
/// bodies posted straight to a second fake or receiver with an HttpClient alone, <c>*.rawPost</c>, show); and proof
/// from the records that each event reached its topic's room exactly once and the receiver exactly once, signed with
/// the webhook's secret (checked by the receiver's independent Standard Webhooks implementation).
/// </summary>
internal sealed class ChatScenario(BenchmarkOptions options, TestStorageAccount storage)
{
    // Enough events for the tiered JIT to optimize the hot paths, and every table and queue to exist: not measured.
    private const int Warmup = 50;

    private const string DefaultChannel = "#community";

    // Two topics have rooms of their own, the others go to the default room.
    private static readonly string[] TopicSlugs = ["biochar", "policy-alignment", "monitoring-slm", "voluntary-carbon-markets"];
    private static readonly Dictionary<string, string> Rooms = new(StringComparer.Ordinal) { ["biochar"] = "#biochar", ["policy-alignment"] = "#policy" };

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var counter = new StorageRequestCounter();
        await using var chat = await FakeRocketChatServer.StartAsync(cancellationToken);
        await using var receiver = await WebhookReceiverServer.StartAsync(cancellationToken);
        await using var provider = BenchmarkApp.Build(storage, prefix, Path.Combine(Path.GetTempPath(), "cop-bench-outbox-" + prefix), counter, new Dictionary<string, string?>
        {
            ["Chat:HookUrl"] = chat.HookUrl,
            ["Chat:DefaultChannel"] = DefaultChannel,

            // The longest timeouts allowed: on a loaded machine a post can wait seconds for a thread, and a chat post
            // that times out is given up as of unknown outcome (never posted twice), which would read as a lost event.
            ["Chat:RequestTimeout"] = "00:02:00",
            ["Webhooks:RequestTimeout"] = "00:02:00",
        });
        try
        {
            foreach (var (topic, room) in Rooms)
            {
                await provider.GetRequiredService<ChatChannelStore>().SetAsync(topic, room, cancellationToken);
            }

            var secret = await CreateWebhookAsync(provider, receiver, cancellationToken);
            await MeasureRawPostsAsync(report, provider, cancellationToken);
            await Measure.ConcurrentlyAsync(Warmup, options.Concurrency, i => PublishAsync(provider, i, cancellationToken), cancellationToken);
            await PostQueuedAsync(provider, cancellationToken);
            await VerifySignaturesAsync(receiver, secret, DeliverQueuedAsync(provider, cancellationToken));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);

            var count = options.EntityCount;
            counter.Reset();
            var published = await Measure.ConcurrentlyAsync(count, options.Concurrency, i => PublishAsync(provider, Warmup + i, cancellationToken), cancellationToken);
            report.Figure("domainEvents.publish", published.PerSecond, "events/s", published.Detail(options.Concurrency));
            report.Figure("domainEvents.publish.p50", published.P50Milliseconds, "ms", "one event written, queued for each subscriber, marked dispatched");
            report.Figure("domainEvents.publish.storageRoundTrips", (double)counter.Count / count, "per event", $"{counter.Count} requests for {count} events");
            report.Ratio("domainEvents.publish.vsRawInsert", "domainEvents.publish", "baseline.table.insert");

            counter.Reset();
            var posted = await PostQueuedAsync(provider, cancellationToken);
            report.Figure("chat.delivery", posted.PerSecond, "events/s", posted.Detail(options.Concurrency));
            report.Figure("chat.delivery.storageRoundTrips", (double)counter.Count / posted.Operations, "per event", $"{counter.Count} requests for {posted.Operations} events");
            report.Ratio("chat.delivery.vsRawInsert", "chat.delivery", "baseline.table.insert");

            counter.Reset();
            var delivered = await VerifySignaturesAsync(receiver, secret, DeliverQueuedAsync(provider, cancellationToken));
            report.Figure("webhooks.delivery", delivered.PerSecond, "events/s", delivered.Detail(options.Concurrency));
            report.Figure("webhooks.delivery.storageRoundTrips", (double)counter.Count / delivered.Operations, "per event", $"{counter.Count} requests for {delivered.Operations} events");
            report.Ratio("webhooks.delivery.vsRawInsert", "webhooks.delivery", "baseline.table.insert");
            Verify(report, chat, Warmup + count);
            Verify(report, receiver, Warmup + count);
        }
        finally
        {
            await storage.DeleteResourcesAsync(prefix, cancellationToken);
        }
    }

    /// <summary>A webhook for every event type, to the receiver; its secret.</summary>
    private static async Task<string> CreateWebhookAsync(IServiceProvider provider, WebhookReceiverServer receiver, CancellationToken cancellationToken)
    {
        var creation = await provider.GetRequiredService<WebhookService>().CreateAsync(
            new WebhookDefinition(receiver.HookUrl, [Webhook.AllTypes], "Benchmark receiver"), cancellationToken);
        return creation is WebhookCreation.Created created
            ? created.Secret
            : throw new InvalidOperationException($"The benchmark's webhook was not created: {creation}");
    }

    /// <summary>
    /// The floor: the bodies the app would post, each posted once with an HttpClient alone to a fake or receiver of its
    /// own (the chat's message; the webhook's envelope, unsigned).
    /// </summary>
    private async Task MeasureRawPostsAsync(BenchmarkReport report, IServiceProvider provider, CancellationToken cancellationToken)
    {
        await using var chatFloor = await FakeRocketChatServer.StartAsync(cancellationToken);
        await using var receiverFloor = await WebhookReceiverServer.StartAsync(cancellationToken);
        using var client = new HttpClient();
        var chatOptions = provider.GetRequiredService<IOptions<ChatOptions>>().Value;
        var events = Enumerable.Range(0, Warmup + options.EntityCount).Select(Stored).ToArray();

        async Task PostAsync(Uri target, string body)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(target, content, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        async Task FloorAsync(string figure, Uri target, Func<int, string> body)
        {
            await Measure.ConcurrentlyAsync(Warmup, options.Concurrency, i => PostAsync(target, body(i)), cancellationToken);
            var posts = await Measure.ConcurrentlyAsync(options.EntityCount, options.Concurrency, i => PostAsync(target, body(Warmup + i)), cancellationToken);
            report.Figure(figure, posts.PerSecond, "posts/s", posts.Detail(options.Concurrency) + " (an HttpClient alone)");
        }

        await FloorAsync("chat.rawPost", new Uri(chatFloor.HookUrl), i => RocketChatMessages.ForEvent(events[i], RoomOf(i), chatOptions));
        await FloorAsync("webhooks.rawPost", receiverFloor.HookUrl, i => JsonSerializer.Serialize(new { type = events[i].Type, timestamp = events[i].OccurredAt, data = events[i].Data }));
    }

    private Task<Throughput> PostQueuedAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var function = ActivatorUtilities.CreateInstance<PostToChatFunction>(provider);
        return QueueTrigger.RunAllAsync(
            storage.ConnectionString,
            provider.GetRequiredService<StorageNames>().ChatPostsQueue,
            message => function.PostToChat(message, cancellationToken),
            options.Concurrency,
            cancellationToken);
    }

    private Task<Throughput> DeliverQueuedAsync(IServiceProvider provider, CancellationToken cancellationToken)
    {
        var function = ActivatorUtilities.CreateInstance<DeliverWebhookFunction>(provider);
        return QueueTrigger.RunAllAsync(
            storage.ConnectionString,
            provider.GetRequiredService<StorageNames>().WebhookDeliveriesQueue,
            message => function.DeliverWebhook(message, cancellationToken),
            options.Concurrency,
            cancellationToken);
    }

    private static async Task PublishAsync(IServiceProvider provider, int i, CancellationToken cancellationToken)
    {
        var result = await provider.GetRequiredService<DomainEventLog>().PublishAsync(Draft(i), cancellationToken);
        if (result is not PublishResult.Recorded)
        {
            throw new InvalidOperationException($"Event {i} was {result.GetType().Name}, not recorded.");
        }
    }

    /// <summary>Event <paramref name="i"/>: the nine types in turn, one topic each, a page of its own.</summary>
    private static DomainEventDraft Draft(int i)
    {
        var type = DomainEventTypes.All[i % DomainEventTypes.All.Count];
        var url = Url(i);
        var title = string.Create(CultureInfo.InvariantCulture, $"Benchmark news {i}");
        var topics = new[] { TopicSlugs[i % TopicSlugs.Length] };
        var data = JsonSerializer.SerializeToElement(new { id = $"bench-{i}", title, url, topics });
        return new DomainEventDraft(type, $"bench-{i}", title, url, topics, "1 December 2026", data);
    }

    private static DomainEvent Stored(int i)
    {
        var draft = Draft(i);
        return new DomainEvent(DomainEvent.IdOf(draft.Type, draft.Key), draft.Type, DateTimeOffset.UtcNow, draft.Title, draft.Url, draft.Topics, draft.Summary, draft.Data);
    }

    private static string Url(int i) => string.Create(CultureInfo.InvariantCulture, $"https://cop.example.org/api/news/bench-{i}");

    private static string RoomOf(int i) => Rooms.GetValueOrDefault(TopicSlugs[i % TopicSlugs.Length], DefaultChannel);

    /// <summary>Every event, warm-up included, in its topic's room exactly once, and nothing else.</summary>
    private static void Verify(BenchmarkReport report, FakeRocketChatServer chat, int events)
    {
        var posts = chat.Posted
            .Select(r => (Link: r.Json.GetProperty("attachments")[0].GetProperty("title_link").GetString() ?? "", Room: r.Channel ?? ""))
            .CountBy(p => p)
            .ToDictionary();
        var expected = Enumerable.Range(0, events).Select(i => (Link: Url(i), Room: RoomOf(i))).ToHashSet();
        var duplicates = posts.Count(p => p.Value > 1);
        var missing = expected.Count(e => !posts.ContainsKey(e));
        var stray = posts.Keys.Count(p => !expected.Contains(p));
        report.Figure("chat.verify.duplicates", duplicates, "events", "posted more than once to their room");
        report.Figure("chat.verify.missing", missing, "events", "never posted to their room");
        if (duplicates + missing + stray != 0 || chat.Requests.Count != events)
        {
            throw new InvalidOperationException(
                $"The fake Rocket.Chat got {chat.Requests.Count} posts for {events} events: {duplicates} duplicated, {missing} missing, {stray} in the wrong room.");
        }
    }

    /// <summary>Every event, warm-up included, delivered to the receiver exactly once (its id the <c>webhook-id</c>), and nothing else.</summary>
    private static void Verify(BenchmarkReport report, WebhookReceiverServer receiver, int events)
    {
        var deliveries = receiver.Requests.CountBy(r => r.Headers.GetValueOrDefault("webhook-id") ?? "").ToDictionary();
        var expected = Enumerable.Range(0, events).Select(i => Stored(i).EventId).ToHashSet(StringComparer.Ordinal);
        var duplicates = deliveries.Count(d => d.Value > 1);
        var missing = expected.Count(e => !deliveries.ContainsKey(e));
        var stray = deliveries.Keys.Count(d => !expected.Contains(d));
        report.Figure("webhooks.verify.duplicates", duplicates, "events", "delivered more than once");
        report.Figure("webhooks.verify.missing", missing, "events", "never delivered");
        if (duplicates + missing + stray != 0 || receiver.Requests.Count != events)
        {
            throw new InvalidOperationException(
                $"The webhook receiver got {receiver.Requests.Count} deliveries for {events} events: {duplicates} duplicated, {missing} missing, {stray} unknown.");
        }
    }

    /// <summary>
    /// Each request the receiver gets while <paramref name="delivering"/> runs is signed with the webhook's secret: checked
    /// every few seconds as they come, since the independent check refuses timestamps older than five minutes and a full
    /// run delivers for longer than that.
    /// </summary>
    private static async Task<Throughput> VerifySignaturesAsync(WebhookReceiverServer receiver, string secret, Task<Throughput> delivering)
    {
        var checkedCount = receiver.Requests.Count;
        var unsigned = 0;
        while (true)
        {
            var finished = delivering.IsCompleted;
            var requests = receiver.Requests;
            unsigned += requests.Skip(checkedCount).Count(r => !WebhookReceiverServer.Verifies(r, secret));
            checkedCount = requests.Count;
            if (finished)
            {
                break;
            }

            await Task.WhenAny(delivering, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        return unsigned == 0
            ? await delivering
            : throw new InvalidOperationException($"{unsigned} webhook deliveries do not verify with the webhook's secret.");
    }
}
