using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CoP.Benchmarks;

/// <summary>
/// Stands in for the Functions host's queue trigger: hands every message of a queue to a function and deletes it once
/// the function returns. The host reads and deletes with a client of its own, and so does this, so that a
/// <see cref="StorageRequestCounter"/> on the app's clients counts only what handling a message costs the app. A
/// function that throws fails the benchmark (the host would retry it; here it is a fault to look at), and so does a
/// message left in the queue afterwards (one the function queued again, e.g. a retry it scheduled).
/// </summary>
internal static class QueueTrigger
{
    public static async Task<Throughput> RunAllAsync(
        string connectionString, string queueName, Func<QueueMessage, Task> function, int concurrency, CancellationToken cancellationToken)
    {
        // The app writes its messages as base64 (AddCommunityStorage), as the host expects by default.
        var queue = new QueueClient(connectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        // Received before the clock starts, invisible for longer than any run handles them in.
        var messages = new List<QueueMessage>();
        QueueMessage[] batch;
        while ((batch = (await queue.ReceiveMessagesAsync(maxMessages: 32, visibilityTimeout: TimeSpan.FromMinutes(10), cancellationToken)).Value).Length > 0)
        {
            messages.AddRange(batch);
        }

        var result = await Measure.ConcurrentlyAsync(messages.Count, concurrency, async i =>
        {
            await function(messages[i]);
            await queue.DeleteMessageAsync(messages[i].MessageId, messages[i].PopReceipt, cancellationToken);
        }, cancellationToken);

        var left = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        return left == 0 ? result : throw new InvalidOperationException($"{left} messages are still in {queueName} after the run (queued again, never handled).");
    }
}
