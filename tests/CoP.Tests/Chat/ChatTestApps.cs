using System.Text.Json;
using Azure.Storage.Queues.Models;
using CoP.Shared.Chat;
using CoP.Shared.DomainEvents;
using CoP.Shared.Email.Queue;
using CoP.TestSupport;

namespace CoP.Tests.Chat;

/// <summary>What draining the chat queue did: posts that returned (with their results), failures seen (each retried), messages the host poisoned.</summary>
public sealed record ChatDrain(IReadOnlyList<ChatPostResult> Results, IReadOnlyList<Exception> Failures, int PoisonedByHost);

/// <summary>The chat's test helpers over a <see cref="TestApp"/>: its settings for a fake Rocket.Chat, publishing, and the host's queue trigger.</summary>
internal static class ChatTestApps
{
    /// <summary>Settings that point the chat at <paramref name="chat"/>, with retries quick enough for a test.</summary>
    public static Dictionary<string, string?> Settings(FakeRocketChatServer chat, string defaultChannel = "") => new()
    {
        ["Chat:HookUrl"] = chat.HookUrl,
        ["Chat:DefaultChannel"] = defaultChannel,
        ["Chat:RetryBaseDelay"] = "00:00:00.010",
        ["Chat:RequestTimeout"] = "00:00:02",
    };

    /// <summary>Publishes an event of <paramref name="type"/> on <paramref name="topics"/> through the domain event log, as a source does.</summary>
    public static async Task<DomainEvent> PublishAsync(
        this TestApp app, string key, IReadOnlyList<string> topics, string type = DomainEventTypes.DocumentPublished, string title = "Soil carbon in dry farms",
        object? data = null, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToElement(data ?? new { id = key, title });
        var draft = new DomainEventDraft(type, key, title, $"https://cop.example.org/api/documents/{key}", topics, "Published 1 December 2026", json);
        return (await app.Get<DomainEventLog>().PublishAsync(draft, cancellationToken)).Event;
    }

    /// <summary>
    /// Runs the chat posts queued so far through the poster behind <c>PostToChat</c>, as the host's queue trigger does: a message whose post
    /// throws becomes visible again, up to <see cref="QueuedMail.MaxDequeueCount"/> deliveries, then moves to the
    /// poison queue. Messages queued again with a delay (retries) are waited for, up to <paramref name="patience"/>.
    /// </summary>
    public static async Task<ChatDrain> PostQueuedChatAsync(this TestApp app, TimeSpan? patience = null, CancellationToken cancellationToken = default)
    {
        var poster = app.Get<ChatPoster>();
        var queue = await app.Get<QueuedChatPosts>().GetClientAsync(cancellationToken);
        var poison = await app.Get<QueuedChatPosts>().GetPoisonClientAsync(cancellationToken);
        var results = new List<ChatPostResult>();
        var failures = new List<Exception>();
        var poisoned = 0;
        var deadline = DateTimeOffset.UtcNow + (patience ?? TimeSpan.FromSeconds(20));
        while (DateTimeOffset.UtcNow < deadline)
        {
            var batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0)
            {
                if ((await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount == 0)
                {
                    break;
                }

                await Task.Delay(50, cancellationToken);
                continue;
            }

            foreach (var message in batch)
            {
                try
                {
                    // What PostToChat does, with the poster's result kept for the test to read.
                    results.Add(await poster.PostAsync(message.Body.ToString(), cancellationToken));
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures.Add(exception);
                    poisoned += await RetryOrPoisonAsync(queue, poison, message, cancellationToken);
                }
            }
        }

        return new ChatDrain(results, failures, poisoned);
    }

    /// <summary>The messages waiting in the chat queue, visible or not.</summary>
    public static async Task<int> QueuedChatCountAsync(this TestApp app, CancellationToken cancellationToken = default)
    {
        var queue = await app.Get<QueuedChatPosts>().GetClientAsync(cancellationToken);
        return (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
    }

    /// <summary>The messages in <c>chat-posts-poison</c>.</summary>
    public static async Task<IReadOnlyList<string>> PoisonedChatAsync(this TestApp app, CancellationToken cancellationToken = default)
    {
        var poison = await app.Get<QueuedChatPosts>().GetPoisonClientAsync(cancellationToken);
        var peeked = (await poison.PeekMessagesAsync(32, cancellationToken)).Value;
        return [.. peeked.Select(m => m.Body.ToString())];
    }

    /// <summary>The one queue message waiting now (the event's first post), received as the host would.</summary>
    public static async Task<QueueMessage> ReceiveChatAsync(this TestApp app, CancellationToken cancellationToken = default)
    {
        var queue = await app.Get<QueuedChatPosts>().GetClientAsync(cancellationToken);
        var message = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(5), cancellationToken)).Value;
        return message ?? throw new InvalidOperationException("No chat post is queued.");
    }

    private static async Task<int> RetryOrPoisonAsync(Azure.Storage.Queues.QueueClient queue, Azure.Storage.Queues.QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        if (message.DequeueCount >= QueuedMail.MaxDequeueCount)
        {
            await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            return 1;
        }

        await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
        return 0;
    }
}
