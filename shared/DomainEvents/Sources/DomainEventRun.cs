using CoP.Shared.Events;
using CoP.Shared.Polls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoP.Shared.DomainEvents.Sources;

/// <summary>What one run of the domain events timer reported: polls opened and closed, events starting soon, events dispatched again.</summary>
public sealed record DomainEventRunReport(int PollsOpened, int PollsClosed, int EventsStartingSoon, int Redispatched);

/// <summary>
/// One run of the domain events timer (<c>PublishDomainEvents</c>): what happens by the clock rather than by anyone's
/// action. Polls that opened or closed within <see cref="DomainEventOptions.LookBack"/> (a closing once it is
/// <see cref="PollNews.ClosedGrace"/> old), published events that start
/// within <see cref="DomainEventOptions.StartingSoonWithin"/>, and the events whose hand-over to the chat and webhooks
/// failed (<see cref="DomainEventLog.RedispatchAsync"/>, those written over a minute ago, so that a publish still in
/// flight is not dispatched twice at once). Each report is written once by its stable id, so overlapping runs, retries
/// and scanning the same polls every run report each happening once.
/// </summary>
public sealed partial class DomainEventRun(
    PollStore polls,
    EventStore events,
    PollNews pollNews,
    EventNews eventNews,
    DomainEventLog log,
    IOptions<DomainEventOptions> options,
    TimeProvider time,
    ILogger<DomainEventRun> logger)
{
    /// <summary>How old an undispatched event must be before the timer dispatches it again.</summary>
    public static readonly TimeSpan RedispatchAfter = TimeSpan.FromMinutes(1);

    public async Task<DomainEventRunReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        int opened = 0, closed = 0, startingSoon = 0;
        foreach (var poll in await polls.ListClosingAfterAsync(now - DomainEventOptions.LookBack, cancellationToken))
        {
            switch (poll.StateAt(now))
            {
                case PollState.Open when poll.OpensAt >= now - DomainEventOptions.LookBack:
                    await pollNews.OpenedAsync(poll, cancellationToken);
                    opened++;
                    break;
                case PollState.Closed when PollNews.IsClosedNews(poll, now):
                    await pollNews.ClosedAsync(poll, cancellationToken);
                    closed++;
                    break;
            }
        }

        var soon = now + options.Value.StartingSoonWithin;
        foreach (var e in await events.ListEndingAfterAsync(now, cancellationToken))
        {
            if (e.Status == EventStatus.Published && e.StartsAt > now && e.StartsAt <= soon)
            {
                await eventNews.StartingSoonAsync(e, cancellationToken);
                startingSoon++;
            }
        }

        var redispatched = await log.RedispatchAsync(now - RedispatchAfter, cancellationToken);
        LogRun(logger, opened, closed, startingSoon, redispatched);
        return new DomainEventRunReport(opened, closed, startingSoon, redispatched);
    }

    [LoggerMessage(EventId = 13020, Level = LogLevel.Information,
        Message = "Domain events timer: {PollsOpened} open poll(s), {PollsClosed} closed poll(s), {StartingSoon} event(s) starting soon reported; {Redispatched} event(s) dispatched again")]
    private static partial void LogRun(ILogger logger, int pollsOpened, int pollsClosed, int startingSoon, int redispatched);
}
