using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.DomainEvents;

/// <summary>The <c>DomainEvents</c> table: each event written once, by its stable id.</summary>
public sealed class DomainEventStore(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _events = new(tables, names.DomainEvents);

    /// <summary>
    /// Writes <paramref name="domainEvent"/> unless an event of its id was written before: the event as stored (the first
    /// writer's), and whether its subscribers have all been given it.
    /// </summary>
    public async Task<(DomainEvent Event, bool Dispatched)> AddOrGetAsync(DomainEvent domainEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var table = await _events.GetClientAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(DomainEventEntity.From(domainEvent), cancellationToken);
            return (domainEvent, false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var stored = (await table.GetEntityAsync<DomainEventEntity>(domainEvent.EventId, "", cancellationToken: cancellationToken)).Value;
            return (stored.ToEvent(), stored.Dispatched);
        }
    }

    public async Task<DomainEvent?> GetAsync(string eventId, CancellationToken cancellationToken = default)
    {
        if (!DomainEvent.IsValidId(eventId))
        {
            return null;
        }

        var table = await _events.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<DomainEventEntity>(eventId, "", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.ToEvent() : null;
    }

    /// <summary>Notes that every subscriber has queued its work for the event.</summary>
    public async Task MarkDispatchedAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var entity = new TableEntity(eventId, "") { [nameof(DomainEventEntity.Dispatched)] = true };
        await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Events written at or before <paramref name="writtenBy"/> whose subscribers were not all given them (a dispatch that failed).</summary>
    public async Task<IReadOnlyList<DomainEvent>> ListUndispatchedAsync(DateTimeOffset writtenBy, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var found = new List<DomainEvent>();
        await foreach (var row in table.QueryAsync<DomainEventEntity>(e => e.Dispatched == false && e.OccurredAt <= writtenBy, cancellationToken: cancellationToken))
        {
            found.Add(row.ToEvent());
        }

        return found;
    }

    /// <summary>Every event, newest first (the console's list and the tests).</summary>
    public async Task<IReadOnlyList<DomainEvent>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var found = new List<DomainEvent>();
        await foreach (var row in table.QueryAsync<DomainEventEntity>(cancellationToken: cancellationToken))
        {
            found.Add(row.ToEvent());
        }

        return [.. found.OrderByDescending(e => e.OccurredAt)];
    }
}
