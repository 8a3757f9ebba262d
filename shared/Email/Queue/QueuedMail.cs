using Azure.Storage.Queues;
using CoP.Shared.Hosting;
using CoP.Shared.Storage;

namespace CoP.Shared.Email.Queue;

/// <summary>
/// The Storage Queue of transactional mail. Requests answer once their mail is queued here, so that how long SendGrid
/// takes, or whether the address is known, never shows in an answer; <c>DeliverEmail</c> (a queue trigger, with the
/// host's retries and poison queue) sends it. Messages never expire: mail that cannot leave waits, it is not dropped.
/// </summary>
public sealed class QueuedMail(QueueServiceClient queues, StorageNames names, CommunityMetrics metrics, TimeProvider time)
{
    /// <summary>Deliveries of one message before the host moves it to the poison queue (host.json <c>queues.maxDequeueCount</c>).</summary>
    public const int MaxDequeueCount = 5;

    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly Provisioned<QueueClient> _queue = new(queues.GetQueueClient(names.MailQueue), (q, ct) => q.CreateIfNotExistsAsync(cancellationToken: ct));

    /// <summary>Queues a mail of <paramref name="kind"/>; returns its id.</summary>
    public async Task<string> EnqueueAsync<TPayload>(string kind, TPayload payload, CancellationToken cancellationToken = default)
    {
        var request = MailRequest.Create(kind, payload, time.GetUtcNow());
        await EnqueueAsync(request, TimeSpan.Zero, cancellationToken);
        metrics.MailsQueued.Add(1, new KeyValuePair<string, object?>("kind", kind));
        return request.MailId;
    }

    /// <summary>
    /// Queues the mail of <paramref name="key"/> in <paramref name="kind"/>, whose id is derived from the key: however often
    /// it is queued, it is delivered once. Returns its id.
    /// </summary>
    public async Task<string> EnqueueOnceAsync<TPayload>(string kind, string key, TPayload payload, CancellationToken cancellationToken = default)
    {
        var request = MailRequest.Create(kind, key, payload, time.GetUtcNow());
        await EnqueueAsync(request, TimeSpan.Zero, cancellationToken);
        metrics.MailsQueued.Add(1, new KeyValuePair<string, object?>("kind", kind));
        return request.MailId;
    }

    /// <summary>Queues a request again, visible after <paramref name="delay"/>: a held or deferred mail keeps its id.</summary>
    public async Task EnqueueAsync(MailRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = await _queue.GetClientAsync(cancellationToken);
        await queue.SendMessageAsync(request.ToJson(), visibilityTimeout: delay, timeToLive: NeverExpires, cancellationToken);
    }

    /// <summary>The queue's client, for tests and tools that read it as the host does.</summary>
    public ValueTask<QueueClient> GetClientAsync(CancellationToken cancellationToken = default) => _queue.GetClientAsync(cancellationToken);
}
