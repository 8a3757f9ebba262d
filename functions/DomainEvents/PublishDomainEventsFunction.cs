using CoP.Shared.DomainEvents.Sources;
using Microsoft.Azure.Functions.Worker;

namespace CoP.Functions.DomainEvents;

/// <summary>
/// Timer on <c>%DomainEventSchedule%</c> (every five minutes by default): reports what happens by the clock (polls opening
/// and closing, events starting soon) and hands the chat and webhooks the events whose hand-over failed. Each report is
/// written once, so overlapping runs and retries change nothing. A failure escapes so that the platform retries the run.
/// </summary>
public sealed class PublishDomainEventsFunction(DomainEventRun run)
{
    [Function(nameof(PublishDomainEvents))]
    [ExponentialBackoffRetry(3, "00:00:10", "00:01:00")]
    public Task PublishDomainEvents(
        [TimerTrigger("%DomainEventSchedule%")] TimerInfo timer,
        CancellationToken cancellationToken) => run.RunAsync(cancellationToken);
}
