using Azure.Storage.Queues;
using CoP.Shared.Storage;

namespace CoP.Shared.Chat;

/// <summary>
/// The <c>chat-posts</c> Storage Queue that <c>PostToChat</c> listens on, and its poison queue, where a message goes
/// after its last attempt. Messages never expire: an event waits for Rocket.Chat, it is not dropped.
/// </summary>
public sealed class QueuedChatPosts(QueueServiceClient queues, StorageNames names)
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    /// <summary>The longest a Storage Queue message can stay invisible.</summary>
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    private readonly Provisioned<QueueClient> _queue = new(queues.GetQueueClient(names.ChatPostsQueue), (q, ct) => q.CreateIfNotExistsAsync(cancellationToken: ct));

    private readonly Provisioned<QueueClient> _poison = new(queues.GetQueueClient(names.ChatPostsQueue + "-poison"), (q, ct) => q.CreateIfNotExistsAsync(cancellationToken: ct));

    /// <summary>Queues <paramref name="request"/>, visible after <paramref name="delay"/>.</summary>
    public async Task EnqueueAsync(ChatPostRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = await _queue.GetClientAsync(cancellationToken);
        var visibility = delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxVisibilityDelay ? MaxVisibilityDelay : delay;
        await queue.SendMessageAsync(request.ToJson(), visibilityTimeout: visibility, timeToLive: NeverExpires, cancellationToken);
    }

    /// <summary>Moves a message that used its last attempt to <c>chat-posts-poison</c>, as the host does with one that keeps failing.</summary>
    public async Task PoisonAsync(string text, CancellationToken cancellationToken = default)
    {
        var poison = await _poison.GetClientAsync(cancellationToken);
        await poison.SendMessageAsync(text, visibilityTimeout: TimeSpan.Zero, timeToLive: NeverExpires, cancellationToken);
    }

    /// <summary>The queue's client, for tests and tools that read it as the host does.</summary>
    public ValueTask<QueueClient> GetClientAsync(CancellationToken cancellationToken = default) => _queue.GetClientAsync(cancellationToken);

    /// <summary>The poison queue's client, for tests and tools.</summary>
    public ValueTask<QueueClient> GetPoisonClientAsync(CancellationToken cancellationToken = default) => _poison.GetClientAsync(cancellationToken);
}
