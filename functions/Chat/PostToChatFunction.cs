using Azure.Storage.Queues.Models;
using CoP.Shared.Chat;
using CoP.Shared.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Chat;

/// <summary>
/// Queue trigger on <c>chat-posts</c>: posts a domain event to its Rocket.Chat channels, each once. Rocket.Chat's
/// refusals are retried by the poster itself (queued again with a delay, then <c>chat-posts-poison</c>); an unexpected
/// failure escapes, so that the host retries the message (host.json <c>queues</c>) and finally moves it to the poison queue.
/// </summary>
public sealed class PostToChatFunction(ChatPoster poster)
{
    [Function(nameof(PostToChat))]
    public Task PostToChat(
        [QueueTrigger(StorageNames.ChatPostsQueueName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        poster.PostAsync(message.Body.ToString(), cancellationToken);
}
