using Azure.Storage.Queues.Models;
using CoP.Shared.Newsletter;
using CoP.Shared.Storage;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Newsletter;

/// <summary>
/// Queue trigger on <c>newsletter-runs</c>: runs an admin's send that <c>SendNewsletterNow</c> queued. A run that cannot
/// finish now is put back for later by the service; a failure escapes, so that the host retries the message (host.json
/// <c>queues</c>) and finally moves it to <c>newsletter-runs-poison</c>. The ledger makes every rerun send only to
/// those still waiting.
/// </summary>
public sealed class RunNewsletterSendFunction(QueuedNewsletterSends sends)
{
    [Function(nameof(RunNewsletterSend))]
    public Task RunNewsletterSend(
        [QueueTrigger(StorageNames.NewsletterRunsQueueName)] QueueMessage message,
        CancellationToken cancellationToken) =>
        sends.RunAsync(message.Body.ToString(), cancellationToken);
}
