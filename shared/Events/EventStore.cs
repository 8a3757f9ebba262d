using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Events;

/// <summary>An event as stored, with the version (the row's ETag) that an <c>If-Match</c> update must name.</summary>
public sealed record StoredEvent(Event Event, string Version);

/// <summary>Events in Table Storage (one partition). Registrations live in their own table (<c>EventRegistrations</c>).</summary>
public sealed class EventStore(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _events = new(tables, names.Events);

    /// <summary>Event ids: 32 lowercase hex digits.</summary>
    public static bool IsValidEventId(string? eventId) =>
        eventId is { Length: 32 } && eventId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public static string NewEventId() => Guid.NewGuid().ToString("N");

    public async Task<StoredEvent> AddAsync(Event e, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var answer = await table.AddEntityAsync(EventEntity.From(e), cancellationToken);
        return new StoredEvent(e, answer.Headers.ETag?.ToString() ?? "");
    }

    /// <summary>The event with its version; null for an unknown or malformed id.</summary>
    public async Task<StoredEvent?> GetAsync(string? eventId, CancellationToken cancellationToken = default)
    {
        if (!IsValidEventId(eventId))
        {
            return null;
        }

        var table = await _events.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<EventEntity>(EventEntity.Partition, eventId, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredEvent(row.Value!.ToEvent(), row.Value.ETag.ToString()) : null;
    }

    /// <summary>
    /// Replaces the event if it is still at <paramref name="version"/>: the new version, or null when it changed since
    /// (or was never there).
    /// </summary>
    public async Task<string?> TryReplaceAsync(Event e, string version, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        try
        {
            var answer = await table.UpdateEntityAsync(EventEntity.From(e), new ETag(version), TableUpdateMode.Replace, cancellationToken);
            return answer.Headers.ETag?.ToString() ?? "";
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Events that end after <paramref name="endingAfter"/>, whatever their status, soonest first.</summary>
    public async Task<IReadOnlyList<Event>> ListEndingAfterAsync(DateTimeOffset endingAfter, CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<EventEntity>(e => e.PartitionKey == EventEntity.Partition && e.EndsAt > endingAfter);
        return await ReadAsync(table, filter, cancellationToken);
    }

    /// <summary>Every event, whatever its status or time, soonest first (operators' list; tens a year).</summary>
    public async Task<IReadOnlyList<Event>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var table = await _events.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<EventEntity>(e => e.PartitionKey == EventEntity.Partition);
        return await ReadAsync(table, filter, cancellationToken);
    }

    private static async Task<IReadOnlyList<Event>> ReadAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var events = new List<Event>();
        await foreach (var row in table.QueryAsync<EventEntity>(filter, cancellationToken: cancellationToken))
        {
            events.Add(row.ToEvent());
        }

        return [.. events.OrderBy(e => e.StartsAt).ThenBy(e => e.EventId, StringComparer.Ordinal)];
    }
}
