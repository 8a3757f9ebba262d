using System.Diagnostics;
using CoP.Shared.Documents;
using CoP.Shared.DomainEvents.Sources;
using CoP.Shared.Events.Calendar;
using CoP.Shared.Events.Registrations;
using CoP.Shared.Topics;
using CoP.Shared.Validation;
using Microsoft.Extensions.Logging;

namespace CoP.Shared.Events;

/// <summary>
/// What operators do to events: create, update (against the version they read), cancel, and afterwards record the
/// attendance, the report and the materials. Notices to registered people follow a <see cref="EventChange.Changed"/>
/// answer (an updated invitation when <see cref="EventChange.Changed.ScheduleChanged"/>, a cancellation after
/// <see cref="CancelAsync"/>).
/// </summary>
public sealed partial class EventService(
    EventStore store,
    TopicStore topics,
    DocumentCatalog documents,
    EventAttendees attendees,
    EventNotices notices,
    EventNews news,
    TimeProvider time,
    ILogger<EventService> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>Validates and stores a new event (draft or published): the stored event, or the errors by field (nothing stored).</summary>
    public async Task<Validated<StoredEvent>> CreateAsync(EventDefinition definition, CancellationToken cancellationToken = default)
    {
        var active = await ActiveTopicsAsync([], cancellationToken);
        switch (EventRules.Validate(definition, active, time.GetUtcNow()))
        {
            case Validated<Event>.Valid { Value: var e }:
                var stored = await store.AddAsync(e, cancellationToken);
                LogCreated(logger, e.EventId, e.Status);
                if (e.Status == EventStatus.Published)
                {
                    await news.PublishedAsync(e, cancellationToken);
                }

                return new Validated<StoredEvent>.Valid(stored);
            case Validated<Event>.Invalid { Errors: var errors }:
                return new Validated<StoredEvent>.Invalid(errors);
            default:
                throw new UnreachableException();
        }
    }

    public Task<StoredEvent?> GetAsync(string? eventId, CancellationToken cancellationToken = default) => store.GetAsync(eventId, cancellationToken);

    /// <summary>
    /// Replaces the event's definition if it is still at <paramref name="version"/> (its ETag). Its materials, report and
    /// attendance stay. The sequence is raised when the time or place moves; the capacity never goes below the seats taken.
    /// </summary>
    public async Task<EventChange> UpdateAsync(string eventId, EventDefinition definition, string version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (await store.GetAsync(eventId, cancellationToken) is not { } stored)
        {
            return new EventChange.NotFound();
        }

        var current = stored.Event;
        if (!string.Equals(stored.Version, version, StringComparison.Ordinal))
        {
            return new EventChange.VersionMismatch();
        }

        if (current.Status == EventStatus.Cancelled)
        {
            return new EventChange.Refused("A cancelled event is not changed any more.");
        }

        // A topic retired since the event was created may stay on it.
        var active = await ActiveTopicsAsync(current.Topics, cancellationToken);
        return EventRules.Validate(definition, active, time.GetUtcNow(), current) switch
        {
            Validated<Event>.Valid { Value: var replaced } => await ReplaceAsync(stored, replaced, cancellationToken),
            Validated<Event>.Invalid { Errors: var errors } => new EventChange.Invalid(errors),
            _ => throw new UnreachableException(),
        };
    }

    private async Task<EventChange> ReplaceAsync(StoredEvent stored, Event replaced, CancellationToken cancellationToken)
    {
        var (current, eventId) = (stored.Event, stored.Event.EventId);
        if (replaced.Capacity is { } capacity && capacity < (current.Capacity ?? int.MaxValue)
            && (await attendees.CountAsync(eventId, cancellationToken)).Registered is var taken && taken > capacity)
        {
            return new EventChange.Invalid(new Dictionary<string, string[]>
            {
                ["capacity"] = [$"{taken} seats are taken; the capacity cannot be lower."],
            });
        }

        var scheduleChanged = EventRules.ChangesSchedule(current, replaced);
        var next = replaced with { Sequence = current.Sequence + (scheduleChanged ? 1 : 0) };
        if (await store.TryReplaceAsync(next, stored.Version, cancellationToken) is not { } newVersion)
        {
            return new EventChange.VersionMismatch();
        }

        LogUpdated(logger, eventId, next.Status, scheduleChanged);
        if (current.Status == EventStatus.Draft && next.Status == EventStatus.Published)
        {
            await news.PublishedAsync(next, cancellationToken);
        }

        if (scheduleChanged && next.IsPublic)
        {
            await notices.ScheduleChangedAsync(next, cancellationToken);
        }

        if (next.Capacity != current.Capacity || next.Waitlist != current.Waitlist)
        {
            // More places (or none to count): the waiting list moves up into them, in order, each person told once.
            await attendees.PromoteAsync(eventId, cancellationToken);
        }

        return new EventChange.Changed(new StoredEvent(next, newVersion), scheduleChanged);
    }

    /// <summary>
    /// Cancels a published event that has not ended; cancelling it again answers it unchanged. Everyone registered or
    /// waiting is told, again after a retry too (the notices of one cancellation are mailed once whatever queues them).
    /// </summary>
    public async Task<EventChange> CancelAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var change = await ChangeAsync(eventId, (e, now) => e.Status switch
        {
            EventStatus.Cancelled => new Edit.Keep(),
            EventStatus.Draft => new Edit.Refuse("A draft was never published: there is nothing to cancel."),
            EventStatus.Completed => new Edit.Refuse("A completed event is not cancelled."),
            _ when now >= e.EndsAt => new Edit.Refuse("The event has ended: it is not cancelled any more."),
            _ => new Edit.Write(e with { Status = EventStatus.Cancelled, Sequence = e.Sequence + 1, UpdatedAt = now }),
        }, cancellationToken);
        var cancelled = change switch
        {
            EventChange.Changed { Event.Event: { Status: EventStatus.Cancelled } e } => e,
            EventChange.Unchanged { Event.Event: { Status: EventStatus.Cancelled } e } => e,
            _ => null,
        };
        if (cancelled is not null)
        {
            await notices.CancelledAsync(cancelled, cancellationToken);
        }

        return change;
    }

    /// <summary>Records how many attended and a short report, once the event has started.</summary>
    public Task<EventChange> RecordAttendanceAsync(string eventId, EventAttendanceDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return ChangeAsync(eventId, (e, now) => Recordable(e) is { } refusal ? refusal
            : now < e.StartsAt ? new Edit.Refuse("The attendance is recorded once the event has started.")
            : EventRules.CheckAttendance(definition) switch
            {
                Validated<EventAttendance>.Valid { Value: var a } => new Edit.Write(e with { Attended = a.Attended, Report = a.Report, UpdatedAt = now }),
                Validated<EventAttendance>.Invalid { Errors: var errors } => new Edit.Reject(errors),
                _ => throw new UnreachableException(),
            }, cancellationToken);
    }

    /// <summary>Adds materials (published catalog documents or https links) to a published or completed event, and reports each.</summary>
    public async Task<EventChange> AddMaterialsAsync(string eventId, EventMaterialsDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var published = await PublishedDocumentsAsync(definition, cancellationToken);
        var change = await ChangeAsync(eventId, (e, now) => Recordable(e) is { } refusal ? refusal
            : EventRules.CheckMaterials(definition, e.Materials.Count, published, now) switch
            {
                Validated<IReadOnlyList<EventMaterial>>.Valid { Value: var added } =>
                    new Edit.Write(e with { Materials = [.. e.Materials, .. added], UpdatedAt = now }),
                Validated<IReadOnlyList<EventMaterial>>.Invalid { Errors: var errors } => new Edit.Reject(errors),
                _ => throw new UnreachableException(),
            }, cancellationToken);
        if (change is EventChange.Changed { Event.Event: var changed })
        {
            // The materials added now are those stamped with the change's time.
            await news.MaterialsAddedAsync(changed, changed.Materials.Where(m => m.AddedAt == changed.UpdatedAt), cancellationToken);
        }

        return change;
    }

    private static Edit.Refuse? Recordable(Event e) => e.Status switch
    {
        EventStatus.Draft => new Edit.Refuse("A draft has no record; publish the event first."),
        EventStatus.Cancelled => new Edit.Refuse("A cancelled event has no record."),
        _ => null,
    };

    /// <summary>Reads, decides and writes under the row's ETag, again when someone else wrote in between.</summary>
    private async Task<EventChange> ChangeAsync(string eventId, Func<Event, DateTimeOffset, Edit> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await store.GetAsync(eventId, cancellationToken) is not { } stored)
            {
                return new EventChange.NotFound();
            }

            switch (decide(stored.Event, time.GetUtcNow()))
            {
                case Edit.Keep:
                    return new EventChange.Unchanged(stored);
                case Edit.Refuse { Reason: var reason }:
                    return new EventChange.Refused(reason);
                case Edit.Reject { Errors: var errors }:
                    return new EventChange.Invalid(errors);
                case Edit.Write { Event: var next }:
                    if (await store.TryReplaceAsync(next, stored.Version, cancellationToken) is { } version)
                    {
                        LogChanged(logger, eventId, next.Status);
                        return new EventChange.Changed(new StoredEvent(next, version), false);
                    }

                    break;
                default:
                    throw new UnreachableException();
            }
        }

        return new EventChange.VersionMismatch();
    }

    private async Task<IReadOnlySet<string>> ActiveTopicsAsync(IEnumerable<string> kept, CancellationToken cancellationToken) =>
        (await topics.ListActiveAsync(cancellationToken)).Select(t => t.Slug).Concat(kept).ToHashSet(StringComparer.Ordinal);

    private async Task<IReadOnlySet<string>> PublishedDocumentsAsync(EventMaterialsDefinition definition, CancellationToken cancellationToken)
    {
        var published = new HashSet<string>(StringComparer.Ordinal);
        var ids = (definition.Materials ?? []).Select(m => m?.DocumentId).Where(DocumentStore.IsValidDocumentId).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var id in ids.Take(EventRules.MaxMaterials))
        {
            if (await documents.GetPublishedAsync(id, cancellationToken) is not null)
            {
                published.Add(id);
            }
        }

        return published;
    }

    [LoggerMessage(EventId = 11001, Level = LogLevel.Information, Message = "Event {EventId} created ({Status})")]
    private static partial void LogCreated(ILogger logger, string eventId, EventStatus status);

    [LoggerMessage(EventId = 11002, Level = LogLevel.Information, Message = "Event {EventId} updated ({Status}; time or place changed: {ScheduleChanged})")]
    private static partial void LogUpdated(ILogger logger, string eventId, EventStatus status, bool scheduleChanged);

    [LoggerMessage(EventId = 11003, Level = LogLevel.Information, Message = "Event {EventId} changed by an operator ({Status})")]
    private static partial void LogChanged(ILogger logger, string eventId, EventStatus status);

    /// <summary>What a change decides on the event it read.</summary>
    private abstract record Edit
    {
        private Edit()
        {
        }

        public sealed record Write(Event Event) : Edit;

        public sealed record Keep : Edit;

        public sealed record Refuse(string Reason) : Edit;

        public sealed record Reject(IReadOnlyDictionary<string, string[]> Errors) : Edit;
    }
}
