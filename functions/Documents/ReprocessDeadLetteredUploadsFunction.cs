using CoP.Shared.Documents;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.Documents;

/// <summary>
/// Hourly (a quarter past): ingests the uploads whose Event Grid events were dead-lettered after 24 hours of failed
/// deliveries, so that an outage of the app delays a document but does not lose it. A failure escapes; the dead-letter
/// blob stays and the next run tries again.
/// </summary>
public sealed class ReprocessDeadLetteredUploadsFunction(DeadLetteredUploads deadLetters)
{
    [Function(nameof(ReprocessDeadLetteredUploads))]
    public async Task ReprocessDeadLetteredUploads([TimerTrigger("0 15 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        await deadLetters.ReprocessAsync(cancellationToken);
}
