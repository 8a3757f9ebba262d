using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CoP.Functions.Email;
using CoP.Shared.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CoP.Benchmarks;

/// <summary>
/// Stands in for the Functions host's queue trigger on the mail queue: hands every queued message to
/// <see cref="DeliverEmailFunction"/> and deletes it once the function returns. The host reads and deletes with a
/// client of its own, and so does this, so that a <see cref="StorageRequestCounter"/> on the app's clients counts
/// only what a delivery costs the app. A delivery that throws fails the benchmark (the host would retry it; here it
/// is a fault to look at), and so does mail left in the queue afterwards (held or deferred, never delivered).
/// </summary>
internal static class MailQueueTrigger
{
    public static async Task<Throughput> DeliverAllAsync(
        IServiceProvider provider, string connectionString, int concurrency, CancellationToken cancellationToken)
    {
        // The app writes its messages as base64 (AddCommunityStorage), as the host expects by default.
        var queue = new QueueClient(
            connectionString, provider.GetRequiredService<StorageNames>().MailQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var function = ActivatorUtilities.CreateInstance<DeliverEmailFunction>(provider);

        // Received before the clock starts, invisible for longer than any run delivers them in.
        var messages = new List<QueueMessage>();
        QueueMessage[] batch;
        while ((batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(10), cancellationToken)).Value).Length > 0)
        {
            messages.AddRange(batch);
        }

        var result = await Measure.ConcurrentlyAsync(messages.Count, concurrency, async i =>
        {
            await function.DeliverEmail(messages[i], cancellationToken);
            await queue.DeleteMessageAsync(messages[i].MessageId, messages[i].PopReceipt, cancellationToken);
        }, cancellationToken);

        var left = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        return left == 0 ? result : throw new InvalidOperationException($"{left} mail messages are still queued after delivery (held or deferred).");
    }
}
