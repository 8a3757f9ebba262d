using Microsoft.Extensions.Logging;

namespace CoP.Shared.DomainEvents;

/// <summary>Who hears about every event: the chat notifier and the webhooks each queue their own work for it.</summary>
public interface IDomainEventSubscriber
{
    /// <summary>A short name for logs (<c>chat</c>, <c>webhooks</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Queues what this subscriber does for <paramref name="domainEvent"/>. May be called more than once for one event (a
    /// dispatch retried after a failure): what it queues must come to the same outcome.
    /// </summary>
    Task EnqueueAsync(DomainEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>What publishing an event did.</summary>
public abstract record PublishResult
{
    private PublishResult()
    {
    }

    public abstract DomainEvent Event { get; }

    /// <summary>The event is new: written now.</summary>
    public sealed record Recorded(DomainEvent Event) : PublishResult
    {
        public override DomainEvent Event { get; } = Event;
    }

    /// <summary>The event was written before (the same happening reported again): the stored one.</summary>
    public sealed record AlreadyRecorded(DomainEvent Event) : PublishResult
    {
        public override DomainEvent Event { get; } = Event;
    }

    /// <summary>
    /// Storage failed writing the event (or reading the one written before): nothing recorded, logged. The source's own
    /// action stands; a retry of it, or the timer for what happens by the clock, reports the happening again.
    /// </summary>
    public sealed record NotRecorded(DomainEvent Event) : PublishResult
    {
        public override DomainEvent Event { get; } = Event;
    }
}

/// <summary>
/// Where sources report what happened. An event is written once (its id derives from its type and key), then handed to
/// each <see cref="IDomainEventSubscriber"/>, which queues its work; once all have, the event is marked dispatched. A
/// dispatch that fails is logged and left to <see cref="RedispatchAsync"/> (the domain events timer), so that the
/// source's own action never fails for it; a report of an event written but not yet dispatched dispatches it again.
/// Sources publish after their own change is stored, so a storage failure here never fails that change either (an
/// upload answered 500 after it was stored would be sent again): it is logged and answered
/// <see cref="PublishResult.NotRecorded"/>.
/// </summary>
public sealed partial class DomainEventLog(
    DomainEventStore store,
    IEnumerable<IDomainEventSubscriber> subscribers,
    TimeProvider time,
    ILogger<DomainEventLog> logger)
{
    /// <summary>Writes the event of <paramref name="draft"/> once and hands it to the subscribers.</summary>
    public async Task<PublishResult> PublishAsync(DomainEventDraft draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!DomainEventTypes.IsKnown(draft.Type))
        {
            throw new ArgumentException($"Unknown domain event type '{draft.Type}'.", nameof(draft));
        }

        var candidate = new DomainEvent(
            DomainEvent.IdOf(draft.Type, draft.Key), draft.Type, time.GetUtcNow(), draft.Title, draft.Url, draft.Topics, draft.Summary, draft.Data);
        DomainEvent stored;
        bool dispatched;
        try
        {
            (stored, dispatched) = await store.AddOrGetAsync(candidate, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogNotRecorded(logger, exception, candidate.EventId, candidate.Type);
            return new PublishResult.NotRecorded(candidate);
        }

        if (!dispatched)
        {
            await TryDispatchAsync(stored, cancellationToken);
        }

        return ReferenceEquals(stored, candidate) ? new PublishResult.Recorded(stored) : new PublishResult.AlreadyRecorded(stored);
    }

    /// <summary>Dispatches again the events written before <paramref name="writtenBy"/> whose dispatch failed; how many it dispatched.</summary>
    public async Task<int> RedispatchAsync(DateTimeOffset writtenBy, CancellationToken cancellationToken = default)
    {
        var dispatched = 0;
        foreach (var domainEvent in await store.ListUndispatchedAsync(writtenBy, cancellationToken))
        {
            if (await TryDispatchAsync(domainEvent, cancellationToken))
            {
                dispatched++;
            }
        }

        return dispatched;
    }

    private async Task<bool> TryDispatchAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber.EnqueueAsync(domainEvent, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDispatchFailed(logger, exception, domainEvent.EventId, domainEvent.Type, subscriber.Name);
                return false;
            }
        }

        try
        {
            await store.MarkDispatchedAsync(domainEvent.EventId, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Every subscriber has queued its work; the event stays undispatched, so the timer queues it again, which the
            // subscribers' consumers take as the duplicate it is.
            LogNotMarkedDispatched(logger, exception, domainEvent.EventId, domainEvent.Type);
            return true;
        }

        LogDispatched(logger, domainEvent.EventId, domainEvent.Type);
        return true;
    }

    [LoggerMessage(EventId = 13001, Level = LogLevel.Information, Message = "Domain event {EventId} ({Type}) was dispatched")]
    private static partial void LogDispatched(ILogger logger, string eventId, string type);

    [LoggerMessage(EventId = 13002, Level = LogLevel.Warning, Message = "Domain event {EventId} ({Type}) could not be given to {Subscriber}; the domain events timer dispatches it again")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string eventId, string type, string subscriber);

    [LoggerMessage(EventId = 13003, Level = LogLevel.Error, Message = "Domain event {EventId} ({Type}) could not be recorded; the action that reported it stands")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string eventId, string type);

    [LoggerMessage(EventId = 13004, Level = LogLevel.Warning, Message = "Domain event {EventId} ({Type}) was given to every subscriber but could not be marked dispatched; the domain events timer gives it again")]
    private static partial void LogNotMarkedDispatched(ILogger logger, Exception exception, string eventId, string type);
}
