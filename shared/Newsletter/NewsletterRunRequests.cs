using System.Text.Json;
using Azure.Storage.Queues;
using CoP.Shared.Newsletter.Delivery;
using CoP.Shared.Newsletter.Issues;
using CoP.Shared.Storage;

namespace CoP.Shared.Newsletter;

/// <summary>
/// An admin's send of an issue, waiting in the <c>newsletter-runs</c> queue for <c>RunNewsletterSend</c>: the issue
/// (resolved when the admin asked, with its slot, so that a run just after the next slot still sends this one), the
/// admin's resend choices, and how often the run was put back for later (SendGrid refusing, another run busy).
/// </summary>
public sealed record NewsletterRunRequest(
    string IssueId, DateTimeOffset SlotAt, bool ResendUnknown, bool ResendRefused, DateTimeOffset RequestedAt, int Deferrals = 0)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public ResendChoices Resend => new(ResendUnknown, ResendRefused);

    /// <summary>Reads a queue message; null when it is not one of ours (it can never be run).</summary>
    public static NewsletterRunRequest? Parse(string text)
    {
        try
        {
            var request = JsonSerializer.Deserialize<NewsletterRunRequest>(text, Json);
            return request is not null && NewsletterSchedule.IsValidIssueId(request.IssueId) && request.Deferrals >= 0 ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// The Storage Queue of admins' sends. A send of thousands outlasts any HTTP request, so the request answers once the
/// send is queued here, and a queue trigger (with the host's retries and poison queue, <c>newsletter-runs-poison</c>)
/// runs it. Messages never expire: a send put back for later waits, it is not dropped.
/// </summary>
public sealed class NewsletterRunRequests(QueueServiceClient queues, StorageNames names)
{
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly Provisioned<QueueClient> _queue = new(queues.GetQueueClient(names.NewsletterRunsQueue), (q, ct) => q.CreateIfNotExistsAsync(cancellationToken: ct));

    /// <summary>Queues a request, visible after <paramref name="delay"/>.</summary>
    public async Task EnqueueAsync(NewsletterRunRequest request, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = await _queue.GetClientAsync(cancellationToken);
        await queue.SendMessageAsync(request.ToJson(), visibilityTimeout: delay, timeToLive: NeverExpires, cancellationToken);
    }

    /// <summary>The queue's client, for tests and tools that read it as the host does.</summary>
    public ValueTask<QueueClient> GetClientAsync(CancellationToken cancellationToken = default) => _queue.GetClientAsync(cancellationToken);
}
