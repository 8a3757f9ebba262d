using CoP.Shared.DomainEvents;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Chat;

/// <summary>
/// The chat's subscriber to domain events: queues the event's id on <c>chat-posts</c> for <c>PostToChat</c>, and nothing
/// when no hook URL is set. Queuing an event twice (a dispatch retried) is harmless: the poster posts each (event,
/// channel) once.
/// </summary>
public sealed class ChatNotifier(QueuedChatPosts queue, IOptions<ChatOptions> options) : IDomainEventSubscriber
{
    public string Name => "chat";

    public async Task EnqueueAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        if (!options.Value.HasHook)
        {
            return;
        }

        await queue.EnqueueAsync(new ChatPostRequest(domainEvent.EventId, Attempt: 1), TimeSpan.Zero, cancellationToken);
    }
}
