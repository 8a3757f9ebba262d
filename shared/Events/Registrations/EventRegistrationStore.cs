using Azure;
using Azure.Data.Tables;
using CoP.Shared.Storage;

namespace CoP.Shared.Events.Registrations;

/// <summary>An event's seats and waiting list as one read saw them: the seat numbers taken, and the waiting rows in order.</summary>
public sealed record SeatMap(IReadOnlySet<int> Taken, IReadOnlyList<EventRegistrationEntity> Waiting)
{
    /// <summary>
    /// The seats in [0, <paramref name="capacity"/>) nobody holds, lowest first, and never more than the places left: after
    /// a capacity was lowered, seats numbered above it still count as taken.
    /// </summary>
    public IReadOnlyList<int> FreeSeats(int capacity) =>
        [.. Enumerable.Range(0, capacity).Where(seat => !Taken.Contains(seat)).Take(Math.Max(0, capacity - Taken.Count))];
}

/// <summary>
/// The <c>EventRegistrations</c> rows (seats, waiting list, registrations; see <see cref="EventRegistrationEntity"/>)
/// and the <c>MemberEvents</c> index. Writes that must agree go together in one entity-group transaction; its failure
/// (a seat taken, a row changed since it was read) is a value, and the caller reads again.
/// </summary>
public sealed class EventRegistrationStore(TableServiceClient tables, StorageNames names)
{
    private readonly ProvisionedTable _registrations = new(tables, names.EventRegistrations);
    private readonly ProvisionedTable _index = new(tables, names.MemberEvents);

    /// <summary>The seat and waiting rows of the event: one query over the key range from <c>seat-</c> to <c>wait.</c>.</summary>
    public async Task<SeatMap> ReadSeatsAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<EventRegistrationEntity>(
            e => e.PartitionKey == eventId && e.RowKey.CompareTo(EventRegistrationEntity.SeatPrefix) >= 0 && e.RowKey.CompareTo("wait.") < 0);
        var taken = new HashSet<int>();
        var waiting = new List<EventRegistrationEntity>();
        await foreach (var row in table.QueryAsync<EventRegistrationEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(EventRegistrationEntity.WaitPrefix, StringComparison.Ordinal))
            {
                waiting.Add(row);
            }
            else
            {
                taken.Add(EventRegistrationEntity.SeatOf(row.RowKey));
            }
        }

        return new SeatMap(taken, [.. waiting.OrderBy(w => w.RowKey, StringComparer.Ordinal)]);
    }

    /// <summary>The member's registration row for the event, or null.</summary>
    public async Task<EventRegistrationEntity?> GetAsync(string eventId, string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<EventRegistrationEntity>(eventId, EventRegistrationEntity.RegistrationKey(memberId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Every row of the event (seats, waiting list, registrations): an operator's list, an export.</summary>
    public async Task<IReadOnlyList<EventRegistrationEntity>> ListAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);
        var rows = new List<EventRegistrationEntity>();
        await foreach (var row in table.QueryAsync<EventRegistrationEntity>(e => e.PartitionKey == eventId, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The statuses of the event's registration rows (one small column each).</summary>
    public async Task<IReadOnlyList<string>> ListStatusesAsync(string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<EventRegistrationEntity>(
            e => e.PartitionKey == eventId && e.RowKey.CompareTo(EventRegistrationEntity.RegistrationPrefix) >= 0 && e.RowKey.CompareTo("reg.") < 0);
        var statuses = new List<string>();
        await foreach (var row in table.QueryAsync<EventRegistrationEntity>(filter, select: [nameof(EventRegistrationEntity.Status)], cancellationToken: cancellationToken))
        {
            statuses.Add(row.Status ?? "");
        }

        return statuses;
    }

    /// <summary>How many wait ahead of the waiting row <paramref name="waitKey"/>.</summary>
    public async Task<int> CountAheadAsync(string eventId, string waitKey, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter<EventRegistrationEntity>(
            e => e.PartitionKey == eventId && e.RowKey.CompareTo(EventRegistrationEntity.WaitPrefix) >= 0 && e.RowKey.CompareTo(waitKey) < 0);
        var ahead = 0;
        await foreach (var _ in table.QueryAsync<EventRegistrationEntity>(filter, select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            ahead++;
        }

        return ahead;
    }

    /// <summary>Submits writes of one event's rows together; false when one found its row taken, changed or gone (nothing written).</summary>
    public async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        var table = await _registrations.GetClientAsync(cancellationToken);
        return await table.TrySubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Notes that the member has (or is about to have) a registration for the event.</summary>
    public async Task IndexAsync(string memberId, string eventId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        await table.UpsertEntityAsync(new MemberEventEntity { PartitionKey = memberId, RowKey = eventId, RegisteredAt = now }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task UnindexAsync(string memberId, string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        await table.DeleteEntityAsync(memberId, eventId, ETag.All, cancellationToken);
    }

    /// <summary>The ids of the events the member's index names, in id order.</summary>
    public async Task<IReadOnlyList<string>> ListIndexedAsync(string memberId, CancellationToken cancellationToken = default)
    {
        var table = await _index.GetClientAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<MemberEventEntity>(e => e.PartitionKey == memberId, select: [nameof(ITableEntity.RowKey)], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        return ids;
    }
}
